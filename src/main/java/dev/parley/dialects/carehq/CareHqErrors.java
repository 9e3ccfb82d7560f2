package dev.parley.dialects.carehq;

import dev.parley.query.QueryError;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The dialect's errors in CareHQ's shape {@code {hint, arg_errors}}. Authentication and rate limiting answer
 * before a controller is reached, in {@link SignedRequests}; these are the errors of requests that got in.
 */
@RestControllerAdvice(basePackageClasses = CareHqErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CareHqErrors {

    private static final Logger LOG = LoggerFactory.getLogger(CareHqErrors.class);

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInput e) {
        return answer(HttpStatus.BAD_REQUEST, CareHqError.of(e));
    }

    @ExceptionHandler(QueryError.class)
    ResponseEntity<Map<String, Object>> query(QueryError e) {
        return answer(HttpStatus.BAD_REQUEST, CareHqError.argument(e.parameter(), e.getMessage()));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(NotFound e) {
        return answer(HttpStatus.NOT_FOUND, CareHqError.of(e.getMessage()));
    }

    @ExceptionHandler(CareHqController.NoSuchEndpoint.class)
    ResponseEntity<Map<String, Object>> noSuchEndpoint(CareHqController.NoSuchEndpoint e) {
        return answer(HttpStatus.NOT_FOUND, CareHqError.of(e.getMessage()));
    }

    /** Whatever else Spring refuses (an unreadable request, say) keeps its status; anything unforeseen is a 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> other(Exception e) {
        if (e instanceof ErrorResponse refused) {
            HttpStatusCode status = refused.getStatusCode();
            return answer(status, CareHqError.of(refused.getBody().getDetail() == null ? e.getMessage()
                    : refused.getBody().getDetail()));
        }
        LOG.error("CareHQ request failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, CareHqError.of("Something went wrong on Parley's side; try again"));
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatusCode status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
