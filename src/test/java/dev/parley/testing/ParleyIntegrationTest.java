package dev.parley.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port, over the embedded PostgreSQL. Every test class that uses this
 * annotation shares one application context, and so one database, for the whole test JVM. Its settings
 * are in {@code src/test/resources/config/application.yml}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({EventLog.class, QueryCounter.class, SqlCounter.class})
public @interface ParleyIntegrationTest {}
