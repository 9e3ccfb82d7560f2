package dev.parley.dialects.purephone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket at {@code /api/pure/ws}: one envelope per text frame, each answered in a text frame with
 * the same {@code uuid}. The handshake carries the token ({@code Authorization: Bearer}) and, for a token
 * bound to no location, {@code X-Parley-Location}; a refused handshake answers the HTTP status of its
 * {@link Refusal}. A frame larger than {@code parley.pure.max-frame-bytes} closes the connection (1009), as
 * does a binary frame (1003) or silence longer than {@code parley.pure.idle-timeout}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PureWebSocket implements WebSocketConfigurer {

    static final String PATH = "/api/pure/ws";
    private static final String SESSION = PureSession.class.getName();

    private final PureSessions sessions;
    private final PureProtocol protocol;
    private final PureProperties properties;

    PureWebSocket(PureSessions sessions, PureProtocol protocol, PureProperties properties) {
        this.sessions = sessions;
        this.protocol = protocol;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new Envelopes(), PATH).addInterceptors(new Authentication());
    }

    /** Opens the session from the handshake's headers, or refuses the upgrade. */
    private final class Authentication implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                       Map<String, Object> attributes) throws IOException {
            try {
                attributes.put(SESSION, sessions.open(bearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)),
                        request.getHeaders().getFirst(PureController.LOCATION_HEADER)));
                return true;
            } catch (Refusal refusal) {
                response.setStatusCode(HttpStatusCode.valueOf(refusal.status()));
                response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                if (refusal.status() == 401) {
                    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                }
                String message = refusal.getMessage().replace("\\", "\\\\").replace("\"", "\\\"");
                response.getBody().write(("{\"status\":" + refusal.status() + ",\"message\":\"" + message + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return false;
            }
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Exception exception) {
            // Nothing to do once the connection is up.
        }

        private static String bearer(String header) {
            String prefix = "Bearer ";
            if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
            return header.substring(prefix.length()).trim();
        }
    }

    /** Answers each text frame; the container delivers one session's frames one at a time, so sends never overlap. */
    private final class Envelopes extends TextWebSocketHandler {

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            session.setTextMessageSizeLimit(properties.maxFrameBytes());
            if (session instanceof NativeWebSocketSession nativeSession
                    && nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
                container.setMaxIdleTimeout(properties.idleTimeout().toMillis());
            }
        }

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
            PureSession pure = (PureSession) session.getAttributes().get(SESSION);
            session.sendMessage(new TextMessage(protocol.answer(pure, message.asBytes())));
        }

        @Override
        public void handleTransportError(WebSocketSession session, Throwable exception) throws IOException {
            if (session.isOpen()) {
                session.close(CloseStatus.SERVER_ERROR);
            }
        }
    }
}
