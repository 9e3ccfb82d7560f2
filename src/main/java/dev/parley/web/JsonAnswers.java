package dev.parley.web;

import com.fasterxml.jackson.annotation.JsonView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.AsyncHandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the JSON that Parley's controllers answer straight to the response, with the writer Spring's JSON converter
 * would use, when nothing is left to negotiate (docs/adr/0046-json-answers-written-straight.md). Spring picks a
 * return value handler, the media types every converter could write, a converter, and the writer's type anew for
 * every request: on an unread-totals request that was as much CPU as writing its JSON. Here they are decided once
 * per handler method. A request that asks for something other than JSON, a path with an extension, a body-less
 * answer, or an entity with caching headers goes to Spring's own handlers as before, so nothing on the wire changes.
 * Every other answer (TwiML, files, redirects) goes to the Spring handler that Spring would choose, chosen once per
 * handler method and class of value rather than by asking each handler on every request.
 */
@Component
class JsonAnswers implements HandlerMethodReturnValueHandler, SmartInitializingSingleton {

    /** Entity headers whose handling (conditional requests, the RFD guard, merging) is left to Spring. */
    private static final List<String> SPRING_HANDLES = List.of(HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
            HttpHeaders.VARY, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_LENGTH, HttpHeaders.TRANSFER_ENCODING);

    private final ObjectProvider<RequestMappingHandlerAdapter> adapters;
    private final Map<Key, Answer> answers = new ConcurrentHashMap<>();
    private List<HandlerMethodReturnValueHandler> springs = List.of();
    /** Whether Spring's choice of handler depends on the return type alone, so it can be made once. */
    private boolean choiceByType;
    private JsonMapper json;

    JsonAnswers(ObjectProvider<RequestMappingHandlerAdapter> adapters) {
        this.adapters = adapters;
    }

    /**
     * How a handler method's value is answered: with its writer, or, when {@code writer} is null or the request
     * does not qualify, by the Spring handler that would have answered it.
     */
    private record Answer(ObjectWriter writer, boolean entity, HandlerMethodReturnValueHandler spring) {}

    /**
     * What an answer is decided by: Spring's handlers and the entity check look at the class of the value returned
     * (the declared type when it is null), not only at the method.
     */
    private record Key(Method method, Class<?> valueType) {}

    @Override
    public void afterSingletonsInstantiated() {
        RequestMappingHandlerAdapter adapter = adapters.getIfUnique();
        if (adapter == null) {
            return; // not serving HTTP
        }
        JacksonJsonHttpMessageConverter converter = adapter.getMessageConverters().stream()
                .filter(JacksonJsonHttpMessageConverter.class::isInstance).map(JacksonJsonHttpMessageConverter.class::cast)
                .findFirst().orElse(null);
        if (converter == null || !converter.getMappersForType(Object.class).isEmpty()) {
            return; // no single JSON converter: Spring answers everything
        }
        json = converter.getMapper();
        springs = List.copyOf(adapter.getReturnValueHandlers());
        // Spring asks asynchronous handlers about each value before it asks any handler about the type; Spring MVC
        // registers none, but if something has, its choice is left to Spring.
        choiceByType = springs.stream().noneMatch(AsyncHandlerMethodReturnValueHandler.class::isInstance);
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(springs.size() + 1);
        handlers.add(this);
        handlers.addAll(springs);
        adapter.setReturnValueHandlers(handlers);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        Answer answer = answer(returnType);
        return answer.writer() != null || (choiceByType && answer.spring() != null);
    }

    @Override
    public void handleReturnValue(Object value, MethodParameter returnType, ModelAndViewContainer mav,
                                  NativeWebRequest webRequest) throws Exception {
        Answer answer = answer(returnType);
        if (answer.writer() == null) {
            answer.spring().handleReturnValue(value, returnType, mav, webRequest);
            return;
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        ResponseEntity<?> entity = answer.entity() ? (ResponseEntity<?>) value : null;
        Object body = entity == null ? value : entity.getBody();
        String contentType = entity == null ? "" : contentTypeOf(entity);
        if (request == null || response == null || body == null || contentType == null || !plainPath(request)
                || (entity != null && !entity.getStatusCode().is2xxSuccessful())
                || !plainAccept(request.getHeader(HttpHeaders.ACCEPT), contentType)
                || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
            answer.spring().handleReturnValue(value, returnType, mav, webRequest);
            return;
        }
        mav.setRequestHandled(true);
        if (entity != null) {
            response.setStatus(entity.getStatusCode().value());
            entity.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                    values.forEach(v -> response.addHeader(name, v));
                }
            });
        }
        response.setContentType(contentType.isEmpty() ? MediaType.APPLICATION_JSON_VALUE : contentType);
        answer.writer().writeValue(StreamUtils.nonClosing(response.getOutputStream()), body);
    }

    /** Whether values of this return type are written here, when the request allows, rather than by Spring. */
    boolean writesStraight(MethodParameter returnType) {
        return answer(returnType).writer() != null;
    }

    /** The handler of Spring's that answers values of this return type that are not written here. */
    HandlerMethodReturnValueHandler springHandler(MethodParameter returnType) {
        return answer(returnType).spring();
    }

    private Answer answer(MethodParameter returnType) {
        return answers.computeIfAbsent(new Key(returnType.getMethod(), returnType.getParameterType()),
                k -> decide(returnType));
    }

    private Answer decide(MethodParameter returnType) {
        HandlerMethodReturnValueHandler spring = springs.stream().filter(h -> h.supportsReturnType(returnType))
                .findFirst().orElse(null);
        boolean entity = ResponseEntity.class.equals(returnType.getParameterType());
        ResolvableType bodyType = entity ? ResolvableType.forMethodParameter(returnType).getGeneric(0)
                : ResolvableType.forMethodParameter(returnType);
        boolean responseBody = AnnotatedElementUtils.hasAnnotation(returnType.getContainingClass(), ResponseBody.class)
                || returnType.hasMethodAnnotation(ResponseBody.class);
        Class<?> raw = bodyType.resolve();
        boolean written = json != null && spring != null && (entity || responseBody) && raw != null
                && (raw.isRecord() || raw == List.class || raw == Map.class)
                && !AnnotatedElementUtils.hasAnnotation(returnType.getMethod(), JsonView.class);
        if (!written) {
            return new Answer(null, entity, spring);
        }
        JavaType type = json.constructType(bodyType.getType());
        // As Spring's converter: the declared type for a container, the value's own class otherwise.
        return new Answer(type.isContainerType() ? json.writerFor(type) : json.writer(), entity, spring);
    }

    /**
     * The entity's content type ("" when it has none, meaning JSON), or null when it is not JSON or the entity carries
     * a header Spring must handle.
     */
    private static String contentTypeOf(ResponseEntity<?> entity) {
        HttpHeaders headers = entity.getHeaders();
        for (String name : SPRING_HANDLES) {
            if (headers.containsHeader(name)) {
                return null;
            }
        }
        MediaType type = headers.getContentType();
        if (type == null) {
            return "";
        }
        boolean json = "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
        return json ? type.toString() : null;
    }

    /**
     * Whether the request leaves nothing to negotiate: it has no {@code Accept}, or one that names JSON or the
     * entity's own content type alone. Spring negotiates anything else, as it did.
     */
    private static boolean plainAccept(String accept, String contentType) {
        return accept == null || accept.isEmpty() || accept.equals(MediaType.ALL_VALUE)
                || accept.equals(MediaType.APPLICATION_JSON_VALUE) || accept.equals(contentType);
    }

    /** Spring adds {@code Content-Disposition} against reflected file downloads when the last segment may have an extension. */
    private static boolean plainPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        for (int i = uri.length() - 1; i >= 0; i--) {
            char c = uri.charAt(i);
            if (c == '/') {
                return true;
            }
            if (c == '.' || c == ';' || c == '%') {
                return false;
            }
        }
        return true;
    }
}
