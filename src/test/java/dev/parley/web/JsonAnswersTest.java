package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Parley's JSON answers written straight ({@link JsonAnswers}) are, byte for byte and header for header, what
 * Spring's own handlers write; and they are written straight for the answers they are meant for.
 */
@ParleyIntegrationTest
class JsonAnswersTest {

    /** Not an exact match, so Spring negotiates and its own handlers answer; it still chooses JSON. */
    private static final String NEGOTIATED_JSON = "application/json;q=0.9";
    private static final String MEDCHAT = "application/vnd.medchat+json;v=1.0";

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    Http http;
    TestTenant clinic;
    long conversationId;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        String phone = TestTenant.uniqueNumber();
        clinic.client("Ann", "O'Neil \"Nan\"", phone);
        conversationId = Inbound.sms(conversations, clinic, phone, "Can Rex come at 4? ✓ \\ \u00e9").conversationId();
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "Someone new");
        clinic.sendSms(phone, "Yes, see you at 4");
    }

    @Test
    void answersWrittenStraightAreWhatSpringsConverterWrites() {
        String medChat = "/smschatapi/external/orgs/" + clinic.id() + "/smsChats";
        List<String> paths = List.of("/api/v1/unread", "/api/v1/conversations?limit=5",
                "/api/v1/conversations/" + conversationId, "/api/v1/conversations/" + conversationId + "/messages?limit=5",
                "/api/v1/contacts", "/api/v1/locations", "/partners/clients", medChat, medChat + "?%24expand=messages");
        for (String path : paths) {
            for (String straight : new String[] {null, "*/*", "application/json"}) {
                assertSameAnswer(path, straight, NEGOTIATED_JSON);
            }
        }
        assertSameAnswer(medChat, MEDCHAT, MEDCHAT + ";q=0.9");
    }

    @Test
    void aCreatedAnswerKeepsItsStatusAndHeaders() {
        Http.Response straight = http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Bo"));
        Http.Response negotiated = http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Bo"),
                Map.of("Accept", NEGOTIATED_JSON));

        assertThat(straight.status()).isEqualTo(201);
        assertThat(negotiated.status()).isEqualTo(201);
        // Two contacts, two ids: their lengths may differ.
        assertThat(comparable(straight.headers(), "content-length"))
                .isEqualTo(comparable(negotiated.headers(), "content-length"));
        assertThat(straight.json().get("first_name").asString()).isEqualTo("Bo");
    }

    @Test
    void aRequestForAnotherTypeIsStillRefusedAsSpringRefusesIt() {
        Http.Response csv = http.send("GET", "/api/v1/unread", clinic.token(), null, Map.of("Accept", "text/csv"));
        Http.Response xml = http.send("GET", "/api/v1/unread", clinic.token(), null, Map.of("Accept", "application/xml"));

        assertThat(csv.status()).isEqualTo(406);
        assertThat(xml.status()).isEqualTo(406);
    }

    @Test
    void theApisJsonAnswersAreWrittenStraightAndOtherAnswersLeftToSpring() {
        HandlerMethodReturnValueHandler first = adapter.getReturnValueHandlers().get(0);
        assertThat(first).isInstanceOf(JsonAnswers.class);
        JsonAnswers answers = (JsonAnswers) first;

        Map<String, Boolean> straight = new HashMap<>();
        mapping.getHandlerMethods().values().forEach(m -> straight.put(name(m), answers.writesStraight(m.getReturnType())));

        assertThat(straight).containsEntry("ConversationController.unread", true)
                .containsEntry("ConversationController.list", true)
                .containsEntry("ConversationController.messages", true)
                .containsEntry("MedChatController.smsChats", true)
                .containsEntry("MessageController.send", false)
                .containsEntry("TwilioWebhooks.statusCallback", false);
    }

    @Test
    void everyOtherAnswerGoesToTheHandlerSpringWouldChoose() {
        List<HandlerMethodReturnValueHandler> handlers = adapter.getReturnValueHandlers();
        JsonAnswers answers = (JsonAnswers) handlers.get(0);
        List<HandlerMethodReturnValueHandler> springs = handlers.subList(1, handlers.size());

        int checked = 0;
        for (HandlerMethod method : mapping.getHandlerMethods().values()) {
            // Spring chooses by the class of the value returned: the declared one, and others the method could return.
            for (Object value : new Object[] {null, ResponseEntity.noContent().build(), "text", Map.of()}) {
                MethodParameter returnType = method.getReturnValueType(value);
                HandlerMethodReturnValueHandler spring = springs.stream().filter(h -> h.supportsReturnType(returnType))
                        .findFirst().orElseThrow();
                assertThat(answers.supportsReturnType(returnType)).as(name(method)).isTrue();
                assertThat(answers.springHandler(returnType)).as(name(method) + " returning " + value).isSameAs(spring);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    private void assertSameAnswer(String path, String straightAccept, String negotiatedAccept) {
        Http.Response straight = get(path, straightAccept);
        Http.Response negotiated = get(path, negotiatedAccept);
        assertThat(straight.status()).as(path).isEqualTo(200);
        assertThat(straight.body()).as(path + " with Accept " + straightAccept).isEqualTo(negotiated.body());
        assertThat(straight.headers()).as(path + " with Accept " + straightAccept)
                .containsEntry("content-length", Integer.toString(straight.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(comparable(straight.headers())).as(path).isEqualTo(comparable(negotiated.headers()));
    }

    private Http.Response get(String path, String accept) {
        return http.send("GET", path, clinic.token(), null, accept == null ? Map.of() : Map.of("Accept", accept));
    }

    /** The headers but the date, which may change between two answers, and those {@code ignored}. */
    private static Map<String, String> comparable(Map<String, String> headers, String... ignored) {
        Map<String, String> kept = new HashMap<>(headers);
        kept.remove("date");
        List.of(ignored).forEach(kept::remove);
        return kept;
    }

    private static String name(HandlerMethod method) {
        return method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
    }
}
