package dev.parley.web;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Parley's controllers are looked up before Spring Boot's actuator endpoints
 * (docs/adr/0044-controllers-looked-up-before-the-actuator.md). The actuator's mapping comes first by default
 * (order -100), so every request tried its endpoints, each up to its path and then again to tell a 404 from a 405,
 * before reaching Parley's: more CPU than finding the request's own controller. An actuator path matches none of
 * Parley's mappings and goes on to the actuator's, as any path Parley does not map goes on to the mappings after it.
 */
@Component
class ControllersFirst implements WebMvcRegistrations {

    /** Before the actuator's -100. */
    static final int ORDER = -101;

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {
            /** Spring Boot sets this mapping's order to 0 once it has created it; it keeps {@link #ORDER}. */
            @Override
            public void setOrder(int order) {
                super.setOrder(Math.min(order, ORDER));
            }
        };
    }
}
