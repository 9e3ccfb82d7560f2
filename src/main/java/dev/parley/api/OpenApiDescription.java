package dev.parley.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Operator;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The native API's OpenAPI description says what the API does on the wire, so that a client generated from it
 * works: properties in snake_case, the bearer token every call needs, and no parameter for who is calling.
 * springdoc describes records through swagger-core, whose own Jackson mapper knows nothing of the application's
 * naming setting, so {@code location_id} was described as {@code locationId}; and it took the controllers'
 * {@link Caller} and {@link Operator} arguments, which Parley makes from the token, for required query parameters.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDescription {

    static final String BEARER = "bearer";

    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI parleyApi() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class, Operator.class);
        return new OpenAPI()
                .info(new Info().title("Parley").version("v1")
                        .description("Two-way SMS and email conversations between a practice and its clients."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token of the tenant, or the operator token for tenants and tokens")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
