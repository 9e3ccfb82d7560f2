package dev.parley.dialects.purephone;

import dev.parley.delivery.SendRefused;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.Conflict;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers envelopes, whichever transport carried them: reads {@code {endpoint, method, uuid, body}}, runs the
 * operation and answers {@code {endpoint, status, uuid, body?}}. It never throws: a malformed envelope or a
 * refused operation is a status (400 bad request, 403 scope missing, 404 no such id in this location,
 * 409 not possible now, 500 unexpected, 501 another endpoint than 8).
 */
@Component
class PureProtocol {

    static final int MESSAGES = 8;
    static final int LOGIN = 13;

    private static final Logger log = LoggerFactory.getLogger(PureProtocol.class);

    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final PurePhone phone;
    private final PureSessions sessions;

    PureProtocol(PurePhone phone, PureSessions sessions) {
        this.phone = phone;
        this.sessions = sessions;
    }

    /** The answer to one envelope, as UTF-8 JSON. */
    byte[] answer(PureSession session, byte[] request) {
        Envelope envelope;
        try {
            envelope = Envelope.read(json, request);
        } catch (Envelope.Unreadable e) {
            log.debug("Unreadable envelope: {}", e.getMessage());
            return write(e.endpoint, 400, e.uuid, null);
        }
        if (envelope.endpoint() != MESSAGES) {
            return write(envelope.endpoint(), 501, envelope.uuid(), null);
        }
        PurePhone.Answer answer = run(session, envelope);
        return write(envelope.endpoint(), answer.status(), envelope.uuid(), answer.body());
    }

    private PurePhone.Answer run(PureSession session, Envelope envelope) {
        try {
            if (envelope.method() == null || envelope.method() < PurePhone.GET || envelope.method() > PurePhone.DELETE) {
                throw new BadRequest("method", "must be 1 (get), 2 (post), 3 (put) or 4 (delete)");
            }
            if (envelope.body() == null || !envelope.body().isObject()) {
                throw new BadRequest("body", "must be an object with a category");
            }
            return phone.handle(session, envelope.method(), new Body(envelope.body()));
        } catch (BadRequest | InvalidInput e) {
            log.debug("Envelope {} refused: {}", envelope.uuid(), e.getMessage());
            return new PurePhone.Answer(400, null);
        } catch (AccessDenied e) {
            return new PurePhone.Answer(403, null);
        } catch (NotFound e) {
            return new PurePhone.Answer(404, null);
        } catch (Conflict | SendRefused e) {
            log.debug("Envelope {} refused: {}", envelope.uuid(), e.getMessage());
            return new PurePhone.Answer(409, null);
        } catch (RuntimeException e) {
            log.error("Envelope {} failed", envelope.uuid(), e);
            return new PurePhone.Answer(500, null);
        }
    }

    /** A login's answer, and the session it opened (null when refused: the connection is then closed). */
    record Login(byte[] answer, PureSession session) {}

    /**
     * The first envelope on a TCP connection: {@code {"endpoint": 13, "method": 2, "body": {"token": ...,
     * "location_id"?: ...}}}, answered 200 with a session, or 400 (unreadable), 401 (no valid token, or another
     * envelope first), 403, 404 (see {@link Refusal}) without one.
     */
    Login login(byte[] request) {
        Envelope envelope;
        try {
            envelope = Envelope.read(json, request);
        } catch (Envelope.Unreadable e) {
            return new Login(write(e.endpoint, 400, e.uuid, null), null);
        }
        JsonNode body = envelope.body();
        JsonNode token = body == null ? null : body.get("token");
        if (envelope.endpoint() != LOGIN || !Integer.valueOf(PurePhone.POST).equals(envelope.method())
                || token == null || !token.isString()) {
            return new Login(write(envelope.endpoint(), 401, envelope.uuid(), null), null);
        }
        JsonNode location = body.get("location_id");
        try {
            PureSession session = sessions.open(token.stringValue(),
                    location == null || location.isNull() ? null : location.asString());
            return new Login(write(LOGIN, 200, envelope.uuid(), null), session);
        } catch (Refusal e) {
            log.debug("TCP login refused: {}", e.getMessage());
            return new Login(write(LOGIN, e.status(), envelope.uuid(), null), null);
        } catch (RuntimeException e) {
            log.error("TCP login failed", e);
            return new Login(write(LOGIN, 500, envelope.uuid(), null), null);
        }
    }

    /** {@code {body?, endpoint, status, uuid}}: the phone's keys, in its order; what is unknown is left out. */
    private byte[] write(Integer endpoint, int status, Long uuid, JsonNode body) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        if (body != null) {
            answer.set("body", body);
        }
        if (endpoint != null) {
            answer.put("endpoint", endpoint);
        }
        answer.put("status", status);
        if (uuid != null) {
            answer.put("uuid", uuid);
        }
        return json.writeValueAsBytes(answer);
    }
}
