package dev.parley.testing;

import dev.parley.ParleyApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server, for property tests (jqwik runs outside Spring's test
 * support). It uses the same embedded PostgreSQL as the Spring tests of this JVM.
 */
public final class SharedApplication {

    private static ConfigurableApplicationContext context;

    private SharedApplication() {}

    public static synchronized <T> T bean(Class<T> type) {
        if (context == null) {
            context = new SpringApplicationBuilder(ParleyApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("spring.main.banner-mode=off")
                    .run();
        }
        return context.getBean(type);
    }
}
