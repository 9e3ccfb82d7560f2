package dev.parley.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port, over the embedded PostgreSQL. Every test class that uses this
 * annotation shares one application context, and so one database, for the whole test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.database.ephemeral=true",
        "parley.operator-token=" + Http.OPERATOR_TOKEN,
        "parley.max-request-bytes=65536",
        "logging.level.dev.parley=INFO"
})
public @interface ParleyIntegrationTest {}
