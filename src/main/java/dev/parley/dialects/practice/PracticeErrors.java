package dev.parley.dialects.practice;

import dev.parley.dialects.practice.PracticeRows.Envelope;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.AuthenticationRequired;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The practice API's failures, in its own envelope: {@code code} false, {@code description} a sentence,
 * {@code error} the list of what was wrong (each naming its parameter when one was), with the HTTP status
 * of docs DIALECTS.md: 400, 401, 403 (a subdomain the token may not use, a missing scope), 404.
 */
@RestControllerAdvice(basePackageClasses = PracticeErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PracticeErrors {

    @ExceptionHandler(BadParameters.class)
    ResponseEntity<Envelope> badParameters(BadParameters e) {
        return failure(HttpStatus.BAD_REQUEST, e.getMessage(),
                e.problems().stream().map(BadParameters.Problem::sentence).toList());
    }

    /** A check of the core that the dialect did not make first; its field is named as the core names it. */
    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Envelope> invalid(InvalidInput e) {
        return failure(HttpStatus.BAD_REQUEST, e.getMessage(),
                e.problems().stream().map(p -> p.field() + " " + p.message()).toList());
    }

    @ExceptionHandler(AuthenticationRequired.class)
    ResponseEntity<Envelope> unauthenticated(AuthenticationRequired e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Envelope.failure(e.getMessage(), List.of(e.getMessage())));
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Envelope> forbidden(AccessDenied e) {
        return failure(HttpStatus.FORBIDDEN, e.getMessage(), List.of(e.getMessage()));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Envelope> notFound(NotFound e) {
        String message = e.kind().equals("location") ? "location_id " + e.id() + " is not a location of this institution"
                : e.getMessage();
        return failure(HttpStatus.NOT_FOUND, message, List.of(message));
    }

    private static ResponseEntity<Envelope> failure(HttpStatus status, String description, List<String> errors) {
        return ResponseEntity.status(status).body(Envelope.failure(description, errors));
    }
}
