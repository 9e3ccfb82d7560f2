package dev.parley.web;

import dev.parley.tenancy.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query or form parameter holding U+0000 before its handler runs, as that surface's 400 naming the
 * parameter: PostgreSQL cannot store the character in text, and a filter or value carrying it would fail with a 500.
 * Providers' webhooks are left out (an inbound message is never refused for its text), and so is the PurePhone
 * endpoint, whose envelopes check their own fields.
 */
@Configuration(proxyBeanMethods = false)
class TextParameters implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/webhooks/**", "/api/pure", "/bench/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method
                && method.getBeanType().getPackageName().startsWith("dev.parley.")) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                for (String value : parameter.getValue()) {
                    if (value.indexOf('\0') >= 0) {
                        throw new InvalidInput(parameter.getKey(), TextJson.NUL_PROBLEM);
                    }
                }
            }
        }
        return true;
    }
}
