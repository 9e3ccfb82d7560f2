package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.ParleyIntegrationTest;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

@ParleyIntegrationTest
class PlainArgumentsTest {

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Autowired
    PlainArguments plain;

    /** A handler method with one parameter of each kind the resolver reads. */
    @SuppressWarnings("unused")
    static void thread(@PathVariable long id, @RequestHeader(name = "Accept", required = false) String accept,
                       @RequestParam(defaultValue = "25") int limit, @RequestParam String cursor,
                       @RequestHeader("X-Parley-Location") String location) {}

    @Test
    void itIsAskedBeforeSpringsResolvers() {
        assertThat(adapter.getArgumentResolvers()).isNotNull().first().isSameAs(plain);
    }

    /**
     * Plain values, and an optional string's absence, are read without a data binder: Spring would create one for
     * each of them.
     */
    @Test
    void plainValuesAreReadWithoutABinder() throws Exception {
        NativeWebRequest request = request(Map.of("id", "42"), Map.of("limit", "10", "cursor", "abc"),
                Map.of("Accept", "application/json", "X-Parley-Location", "7"));
        WebDataBinderFactory noBinder = (webRequest, target, name) -> {
            throw new AssertionError("a binder was created for " + name);
        };

        assertThat(resolve(0, request, noBinder)).isEqualTo(42L);
        assertThat(resolve(1, request, noBinder)).isEqualTo("application/json");
        assertThat(resolve(2, request, noBinder)).isEqualTo(10);
        assertThat(resolve(3, request, noBinder)).isEqualTo("abc");
        assertThat(request.getAttribute(View.PATH_VARIABLES, NativeWebRequest.SCOPE_REQUEST))
                .isEqualTo(Map.of("id", 42L));
        assertThat(resolve(1, request(Map.of(), Map.of(), Map.of()), noBinder)).isNull();
    }

    /** Whatever is not plain is Spring's to read, with Spring's answers and exceptions. */
    @Test
    void everythingElseIsReadBySpring() throws Exception {
        WebDataBinderFactory binders = new ServletRequestDataBinderFactory(null, adapter.getWebBindingInitializer());

        assertThat(resolve(0, request(Map.of("id", "0x2A"), Map.of(), Map.of()), binders)).isEqualTo(42L);
        assertThat(resolve(2, request(Map.of(), Map.of(), Map.of()), binders)).isEqualTo(25);
        assertThat(resolve(2, request(Map.of(), Map.of("limit", ""), Map.of()), binders)).isEqualTo(25);
        assertThat(resolve(1, request(Map.of(), Map.of(), Map.of()), binders)).isNull();
        MockHttpServletRequest twice = new MockHttpServletRequest();
        twice.addHeader("Accept", "text/plain");
        twice.addHeader("Accept", "application/json");
        assertThat(resolve(1, new ServletWebRequest(twice), binders)).isEqualTo("text/plain,application/json");
        assertThatThrownBy(() -> resolve(0, request(Map.of("id", "abc"), Map.of(), Map.of()), binders))
                .isInstanceOf(MethodArgumentTypeMismatchException.class);
        assertThatThrownBy(() -> resolve(0, request(Map.of("id", "99999999999999999999"), Map.of(), Map.of()), binders))
                .isInstanceOf(MethodArgumentTypeMismatchException.class);
        assertThatThrownBy(() -> resolve(4, request(Map.of(), Map.of(), Map.of()), binders))
                .isInstanceOf(MissingRequestHeaderException.class);
    }

    private Object resolve(int index, NativeWebRequest request, WebDataBinderFactory binders) throws Exception {
        Method method = PlainArgumentsTest.class.getDeclaredMethod("thread", long.class, String.class, int.class,
                String.class, String.class);
        MethodParameter parameter = new MethodParameter(method, index);
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        assertThat(plain.supportsParameter(parameter)).isTrue();
        return plain.resolveArgument(parameter, null, request, binders);
    }

    private static NativeWebRequest request(Map<String, String> path, Map<String, String> parameters,
                                            Map<String, String> headers) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/anything");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, path);
        parameters.forEach(request::addParameter);
        headers.forEach(request::addHeader);
        return new ServletWebRequest(request);
    }
}
