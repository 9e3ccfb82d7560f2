package dev.parley.dialects.purephone;

import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.AuthenticationRequired;
import dev.parley.web.BodyTooLarge;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refusals of {@code POST /api/pure} before its envelope is read. The phone's protocol has no shape for
 * them, so they carry its status with a sentence: {@code {"status": 401, "message": "..."}}, with the same
 * HTTP status.
 */
@RestControllerAdvice(basePackageClasses = PureErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PureErrors {

    @ExceptionHandler(AuthenticationRequired.class)
    ResponseEntity<Map<String, Object>> unauthenticated(AuthenticationRequired e) {
        return refusal(new Refusal(401, e.getMessage()));
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDenied e) {
        return refusal(new Refusal(403, e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return refusal(BodyTooLarge.in(e).map(tooLarge -> new Refusal(413, tooLarge.getMessage()))
                .orElseGet(() -> new Refusal(400, "The envelope could not be read")));
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refusal(Refusal e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("message", e.getMessage());
        var response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(body);
    }
}
