package dev.parley.tenancy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives controllers a {@link Caller} or an {@link Operator} from the request's bearer token, or refuses
 * the request: 401 without a valid credential, 403 when the operator token is used for a tenant's call,
 * a tenant's token for an operator call, or a token bound to a location outside {@link ActsAsOneLocation}.
 */
@Configuration(proxyBeanMethods = false)
class CredentialArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final OperatorCredential operator;

    CredentialArgumentResolver(ApiTokens tokens, OperatorCredential operator) {
        this.tokens = tokens;
        this.operator = operator;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == Caller.class || type == Operator.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        String bearer = bearerOf(request.getNativeRequest(HttpServletRequest.class));
        if (parameter.getParameterType() == Operator.class) {
            if (operator.matches(bearer)) {
                return new Operator();
            }
            if (tokens.authenticate(bearer).isPresent()) {
                throw new AccessDenied("This call needs the operator token, not a tenant's token");
            }
            throw new AuthenticationRequired("A valid operator token is required: Authorization: Bearer <token>");
        }
        Caller caller = tokens.authenticate(bearer).orElseThrow(() -> operator.matches(bearer)
                ? new AccessDenied("The operator token works only on operator calls; use a tenant's token")
                : new AuthenticationRequired("A valid API token is required: Authorization: Bearer <token>"));
        if (caller.locationId() != null && !parameter.hasParameterAnnotation(ActsAsOneLocation.class)) {
            throw new AccessDenied("This token is bound to location " + caller.locationId()
                    + " and works only on the PurePhone endpoint; use a token of the whole tenant here");
        }
        return caller;
    }

    private static String bearerOf(HttpServletRequest request) {
        String header = request == null ? null : request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
