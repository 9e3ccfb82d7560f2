package dev.parley.storage;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL before the application context, unless {@code spring.datasource.url}
 * names a server, and points the data source at it. Everything downstream (Hikari, Flyway, jOOQ) is
 * configured by Spring Boot as for any other PostgreSQL.
 */
public final class EmbeddedDatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return;
        }
        boolean ephemeral = environment.getProperty("parley.database.ephemeral", Boolean.class, false);
        EmbeddedDatabase database = ephemeral
                ? EmbeddedDatabase.ephemeral()
                : EmbeddedDatabase.persistentIn(
                        Path.of(environment.getProperty("parley.data-dir", "./data")).resolve("postgres"));
        environment.getPropertySources().addFirst(new MapPropertySource("parleyEmbeddedDatabase", Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres")));
    }
}
