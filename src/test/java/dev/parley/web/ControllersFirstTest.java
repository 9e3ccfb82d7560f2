package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;

@ParleyIntegrationTest
class ControllersFirstTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping controllers;

    @Autowired
    DispatcherServlet dispatcher;

    /** Parley's mappings are asked before the actuator's, and an actuator path still reaches the actuator. */
    @Test
    void theActuatorIsAskedAfterParleysControllers() {
        Http.Response health = new Http(port).get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        List<HandlerMapping> order = dispatcher.getHandlerMappings();
        assertThat(order).isNotNull();
        int actuator = order.indexOf(order.stream().filter(m -> m instanceof WebMvcEndpointHandlerMapping)
                .findFirst().orElseThrow());
        assertThat(order.indexOf(controllers)).isBetween(0, actuator - 1);
    }

    /** What Spring answers without a match is still its own: 404, 405 with Allow, OPTIONS and HEAD. */
    @Test
    void requestsWithoutAMatchAreAnsweredAsSpringAnswersThem() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        long conversation = clinic.sendSms(TestTenant.uniqueNumber(), "Your appointment is at 9").json()
                .get("conversation_id").asLong();
        String thread = "/api/v1/conversations/" + conversation + "/messages";

        assertThat(http.get(thread, clinic.token()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/conversations/" + conversation + "/nothing", clinic.token()).status())
                .isEqualTo(404);
        Http.Response wrongMethod = http.delete(thread, clinic.token());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("GET");
        Http.Response options = http.send("OPTIONS", thread, clinic.token(), null, Map.of());
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("GET");
        assertThat(http.send("HEAD", thread, clinic.token(), null, Map.of()).status()).isEqualTo(200);
    }

    /**
     * A mapping whose path does not match is passed over before its method, headers and media types are read: a
     * request with an id in its path is tried against every mapping, and only one has its path.
     */
    @Test
    void aMappingIsTriedByItsPathFirst() {
        RequestMappingInfo.BuilderConfiguration paths = new RequestMappingInfo.BuilderConfiguration();
        paths.setPatternParser(new PathPatternParser());
        RequestMappingInfo thread = RequestMappingInfo.paths("/api/v1/conversations/{id}/messages")
                .methods(RequestMethod.GET).produces("application/json").options(paths).build();
        ControllersFirst.PathFirstMapping mapping = new ControllersFirst.PathFirstMapping();

        ReadsRecorded otherPath = new ReadsRecorded("GET", "/api/v1/conversations/42");
        assertThat(mapping.getMatchingMapping(thread, otherPath)).isNull();
        assertThat(otherPath.reads).isEmpty();

        ReadsRecorded itsPath = new ReadsRecorded("GET", "/api/v1/conversations/42/messages");
        assertThat(mapping.getMatchingMapping(thread, itsPath)).isNotNull();
        assertThat(itsPath.reads).contains("method", "header Accept");

        ReadsRecorded itsPathOtherMethod = new ReadsRecorded("DELETE", "/api/v1/conversations/42/messages");
        assertThat(mapping.getMatchingMapping(thread, itsPathOtherMethod)).isNull();
    }

    /** A request that records which of its method and headers were read. */
    private static final class ReadsRecorded extends MockHttpServletRequest {
        final List<String> reads = new ArrayList<>();

        ReadsRecorded(String method, String path) {
            super(method, path);
            addHeader("Accept", "application/json");
            ServletRequestPathUtils.parseAndCache(this);
            reads.clear();
        }

        @Override
        public String getMethod() {
            reads.add("method");
            return super.getMethod();
        }

        @Override
        public String getHeader(String name) {
            reads.add("header " + name);
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            reads.add("header " + name);
            return super.getHeaders(name);
        }

        @Override
        public String getContentType() {
            reads.add("content type");
            return super.getContentType();
        }
    }
}
