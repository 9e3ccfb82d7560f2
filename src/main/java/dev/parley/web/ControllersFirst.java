package dev.parley.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Parley's controllers are looked up before Spring Boot's actuator endpoints
 * (docs/adr/0044-controllers-looked-up-before-the-actuator.md). The actuator's mapping comes first by default
 * (order -100), so every request tried its endpoints, each up to its path and then again to tell a 404 from a 405,
 * before reaching Parley's: more CPU than finding the request's own controller. An actuator path matches none of
 * Parley's mappings and goes on to the actuator's, as any path Parley does not map goes on to the mappings after it.
 *
 * <p>The mapping also tries each of its mappings' paths before their other conditions (the same ADR): a request
 * whose path has an id in it is tried against every mapping, and Spring checks the method, the content types and
 * the accepted media types of each before the path that rules out all but one.
 */
@Component
class ControllersFirst implements WebMvcRegistrations {

    /** Before the actuator's -100. */
    static final int ORDER = -101;

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new PathFirstMapping();
    }

    static class PathFirstMapping extends RequestMappingHandlerMapping {

        /** Spring Boot sets this mapping's order to 0 once it has created it; it keeps {@link #ORDER}. */
        @Override
        public void setOrder(int order) {
            super.setOrder(Math.min(order, ORDER));
        }

        /**
         * Spring's match, with the path tried first: a mapping whose path does not match is passed over without
         * its other conditions. A match needs every condition, so the answer is Spring's own.
         */
        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            PathPatternsRequestCondition paths = info.getPathPatternsCondition();
            if (paths != null && paths.getMatchingCondition(request) == null) {
                return null;
            }
            return super.getMatchingMapping(info, request);
        }
    }
}
