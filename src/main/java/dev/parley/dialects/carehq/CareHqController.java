package dev.parley.dialects.carehq;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CareHQ's two message endpoints. Every request under {@code /v1} has been authenticated by its signature
 * (and counted against its credential's rate limit) before it gets here; anything else under {@code /v1}
 * is not found, in CareHQ's error shape.
 */
@RestController
@Hidden
class CareHqController {

    private final CareHqMessages messages;

    CareHqController(CareHqMessages messages) {
        this.messages = messages;
    }

    @GetMapping("/v1/messages")
    Map<String, Object> list(@RequestAttribute(CareHqCaller.ATTRIBUTE) CareHqCaller caller,
                             @RequestParam MultiValueMap<String, String> parameters) {
        return messages.list(caller.tenant(), parameters);
    }

    @GetMapping("/v1/messages/{messageId}")
    Map<String, Object> get(@RequestAttribute(CareHqCaller.ATTRIBUTE) CareHqCaller caller, @PathVariable String messageId,
                            @RequestParam MultiValueMap<String, String> parameters) {
        return messages.get(caller.tenant(), messageId, parameters);
    }

    @RequestMapping("/v1/**")
    void elsewhere(HttpServletRequest request) {
        throw new NoSuchEndpoint(request.getMethod() + " " + request.getRequestURI()
                + " is not an endpoint; Parley serves GET /v1/messages and GET /v1/messages/<message_id>");
    }

    /** A request under {@code /v1} for something Parley does not serve. */
    static final class NoSuchEndpoint extends RuntimeException {
        NoSuchEndpoint(String message) {
            super(message);
        }
    }
}
