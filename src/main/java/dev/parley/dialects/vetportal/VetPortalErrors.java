package dev.parley.dialects.vetportal;

import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.AuthenticationRequired;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The vet portal's errors. Its document shows none, so they take one plain shape:
 * {@code {"error": {"code": ..., "message": ..., "parameter": ...}}}, the parameter named when one was wrong.
 */
@RestControllerAdvice(basePackageClasses = VetPortalErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class VetPortalErrors {

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<Map<String, Object>> badParameter(BadParameter e) {
        return error(HttpStatus.BAD_REQUEST, "bad_parameter", e.getMessage(), e.parameter());
    }

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInput e) {
        return error(HttpStatus.BAD_REQUEST, "bad_parameter", e.getMessage(), e.problems().get(0).field());
    }

    @ExceptionHandler(AuthenticationRequired.class)
    ResponseEntity<Map<String, Object>> unauthenticated(AuthenticationRequired e) {
        ResponseEntity<Map<String, Object>> body = error(HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage(), null);
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(body.getBody());
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDenied e) {
        return error(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(NotFound e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage(), null);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message,
                                                             String parameter) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (parameter != null) {
            error.put("parameter", parameter);
        }
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
