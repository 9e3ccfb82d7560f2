package dev.parley.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Path variables, request parameters and headers that arrive as one plain value for a {@code String}, {@code long}
 * or {@code int} parameter, resolved without Spring's data binder
 * (docs/adr/0047-plain-arguments-read-without-a-binder.md). Spring creates a binder and converts every such value, a
 * string into a string included: about half of the CPU of resolving a thread page's or a MedChat list's arguments.
 * An optional string without a default that the request lacks is null, as Spring answers it. Anything else (a
 * value that is missing, empty or repeated, a number that is not plain decimal, a multipart request) goes to the
 * resolver Spring would use, so the values, defaults and exceptions are Spring's own.
 */
@Component
class PlainArguments implements HandlerMethodArgumentResolver, SmartInitializingSingleton {

    private enum Source { PATH, PARAMETER, HEADER }

    /**
     * A parameter this resolver reads, or, with {@code source} null, one it leaves to Spring. {@code nullIfMissing}:
     * an optional {@code String} without a default, which Spring answers with null when the request lacks it.
     */
    private record Plain(Source source, String name, Class<?> type, boolean nullIfMissing) {}

    private static final Plain SPRINGS = new Plain(null, null, null, false);

    private final ObjectProvider<RequestMappingHandlerAdapter> adapters;
    private final Map<MethodParameter, Plain> plains = new ConcurrentHashMap<>();
    private final Map<MethodParameter, HandlerMethodArgumentResolver> fallbacks = new ConcurrentHashMap<>();
    private List<HandlerMethodArgumentResolver> springs = List.of();

    PlainArguments(ObjectProvider<RequestMappingHandlerAdapter> adapters) {
        this.adapters = adapters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        RequestMappingHandlerAdapter adapter = adapters.getIfUnique();
        if (adapter == null || adapter.getArgumentResolvers() == null) {
            return; // not serving HTTP
        }
        springs = List.copyOf(adapter.getArgumentResolvers());
        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(springs.size() + 1);
        resolvers.add(this);
        resolvers.addAll(springs);
        adapter.setArgumentResolvers(resolvers);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return plain(parameter).source() != null && fallback(parameter) != null;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
        Plain plain = plain(parameter);
        if (plain.source() == Source.PARAMETER && multipart(webRequest)) {
            return fallback(parameter).resolveArgument(parameter, mavContainer, webRequest, binderFactory);
        }
        String[] values = values(plain, webRequest);
        if (values == null && plain.nullIfMissing()) {
            return null;
        }
        Object value = values == null || values.length != 1 ? null : parse(values[0], plain.type());
        if (value == null) {
            return fallback(parameter).resolveArgument(parameter, mavContainer, webRequest, binderFactory);
        }
        if (plain.source() == Source.PATH) {
            keepForViews(plain.name(), value, webRequest);
        }
        return value;
    }

    private Plain plain(MethodParameter parameter) {
        return plains.computeIfAbsent(parameter, PlainArguments::describe);
    }

    /** Spring's resolver for the parameter: the first of its own that supports it, as Spring would choose. */
    private HandlerMethodArgumentResolver fallback(MethodParameter parameter) {
        return fallbacks.computeIfAbsent(parameter, p -> springs.stream().filter(r -> r.supportsParameter(p))
                .findFirst().orElse(null));
    }

    private static Plain describe(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        if (type != String.class && type != long.class && type != int.class) {
            return SPRINGS;
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        Plain plain = SPRINGS;
        if (path != null) {
            plain = named(Source.PATH, path.name(), parameter, type, path.required(), ValueConstants.DEFAULT_NONE);
        } else if (param != null) {
            plain = named(Source.PARAMETER, param.name(), parameter, type, param.required(), param.defaultValue());
        } else if (header != null) {
            plain = named(Source.HEADER, header.name(), parameter, type, header.required(), header.defaultValue());
        }
        return plain.name() == null || plain.name().contains("${") || plain.name().contains("#{") ? SPRINGS : plain;
    }

    /** The annotation's name, or the parameter's own as Spring falls back to it; none if neither is known. */
    private static Plain named(Source source, String annotated, MethodParameter parameter, Class<?> type,
                               boolean required, String defaultValue) {
        String name = annotated.isEmpty() ? parameter.getParameterName() : annotated;
        boolean nullIfMissing = type == String.class && !required && ValueConstants.DEFAULT_NONE.equals(defaultValue);
        return name == null || name.isEmpty() ? SPRINGS : new Plain(source, name, type, nullIfMissing);
    }

    /** The request's values for the parameter, null if it has none. */
    private static String[] values(Plain plain, NativeWebRequest webRequest) {
        return switch (plain.source()) {
            case PATH -> {
                String value = pathVariables(webRequest).get(plain.name());
                yield value == null ? null : new String[] {value};
            }
            case PARAMETER -> webRequest.getParameterValues(plain.name());
            case HEADER -> webRequest.getHeaderValues(plain.name());
        };
    }

    /** A value and its type's plain reading, or null where Spring's reading could differ. */
    private static Object parse(String raw, Class<?> type) {
        if (raw.isEmpty()) {
            return null; // defaults and errors are Spring's
        }
        if (type == String.class) {
            return raw;
        }
        if (!plainDecimal(raw)) {
            return null; // Spring also reads hexadecimal, and trims
        }
        try {
            if (type == long.class) {
                return Long.parseLong(raw);
            }
            return Integer.parseInt(raw); // not in one conditional expression: it would widen the int to a long
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static boolean plainDecimal(String raw) {
        int start = raw.charAt(0) == '-' ? 1 : 0;
        if (start == raw.length()) {
            return false;
        }
        for (int i = start; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean multipart(NativeWebRequest webRequest) {
        String type = webRequest.getHeader("Content-Type");
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(NativeWebRequest webRequest) {
        Object variables = webRequest.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST);
        return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    /** Spring's path variable resolver keeps each value for views, which may build their links from them. */
    @SuppressWarnings("unchecked")
    private static void keepForViews(String name, Object value, NativeWebRequest webRequest) {
        Map<String, Object> kept = (Map<String, Object>) webRequest.getAttribute(View.PATH_VARIABLES,
                RequestAttributes.SCOPE_REQUEST);
        if (kept == null) {
            kept = new HashMap<>();
            webRequest.setAttribute(View.PATH_VARIABLES, kept, RequestAttributes.SCOPE_REQUEST);
        }
        kept.put(name, value);
    }
}
