package dev.parley.dialects.medchat;

import dev.parley.delivery.SendRefused;
import dev.parley.query.QueryError;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.AuthenticationRequired;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import dev.parley.web.BodyTooLarge;
import dev.parley.web.TextJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** MedChat's errors in the OData shape {@code {"error": {"code", "message", "target"}}}. */
@RestControllerAdvice(basePackageClasses = MedChatErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MedChatErrors {

    @ExceptionHandler(QueryError.class)
    ResponseEntity<Map<String, Object>> query(QueryError e) {
        return error(HttpStatus.BAD_REQUEST, "BadRequest", e.parameter() + " " + e.getMessage(), e.parameter());
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInput e) {
        return error(HttpStatus.BAD_REQUEST, "BadRequest", e.getMessage(), e.problems().get(0).field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        Optional<BodyTooLarge> tooLarge = BodyTooLarge.in(e);
        if (tooLarge.isPresent()) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "ContentTooLarge", tooLarge.get().getMessage(), "body");
        }
        Optional<String> nulIn = TextJson.refusalIn(e).map(refusal -> refusal.getPath().isEmpty() ? "body"
                : refusal.getPath().get(refusal.getPath().size() - 1).getPropertyName());
        if (nulIn.isPresent()) {
            return error(HttpStatus.BAD_REQUEST, "BadRequest", nulIn.get() + " " + TextJson.NUL_PROBLEM, nulIn.get());
        }
        return error(HttpStatus.BAD_REQUEST, "BadRequest", "The body must be a JSON object {text, recipientPhoneNumber,"
                + " name, senderPhoneNumber}", "body");
    }

    @ExceptionHandler(SendRefused.class)
    ResponseEntity<Map<String, Object>> refused(SendRefused e) {
        return error(HttpStatus.UNPROCESSABLE_CONTENT, e.reason(), e.getMessage(), null);
    }

    @ExceptionHandler(AuthenticationRequired.class)
    ResponseEntity<Map<String, Object>> unauthenticated(AuthenticationRequired e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON).body(body("Unauthorized", e.getMessage(), null));
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDenied e) {
        return error(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(NotFound e) {
        return error(HttpStatus.NOT_FOUND, "NotFound", e.getMessage(), null);
    }

    @ExceptionHandler(MedChatController.NotAcceptable.class)
    ResponseEntity<Map<String, Object>> notAcceptable(MedChatController.NotAcceptable e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable", e.getMessage(), null);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message, String target) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(code, message, target));
    }

    private static Map<String, Object> body(String code, String message, String target) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (target != null) {
            error.put("target", target);
        }
        return Map.of("error", error);
    }
}
