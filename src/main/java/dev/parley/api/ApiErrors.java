package dev.parley.api;

import dev.parley.delivery.SendRefused;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.AuthenticationRequired;
import dev.parley.tenancy.Conflict;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import dev.parley.web.BodyTooLarge;
import dev.parley.web.TextJson;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every failure of the native API as an RFC 9457 problem: {@code errors} names each field that was wrong,
 * {@code reason} says in one word why a well-formed request was refused.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final String TYPE_BASE = "https://parley.dev/problems/";

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Object> invalid(InvalidInput e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage(),
                Map.of("errors", e.problems()));
    }

    @ExceptionHandler(AuthenticationRequired.class)
    ResponseEntity<Object> unauthenticated(AuthenticationRequired e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"parley\"")
                .body(body(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", e.getMessage(), Map.of()));
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<Object> forbidden(AccessDenied e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage(), Map.of());
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), Map.of());
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Object> conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(),
                Map.of("errors", List.of(new InvalidInput.Problem(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(SendRefused.class)
    ResponseEntity<Object> refused(SendRefused e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "send-refused", "Send refused", e.getMessage(),
                Map.of("reason", e.reason(), "details", e.details()));
    }

    @ExceptionHandler(IdempotentRequests.KeyReused.class)
    ResponseEntity<Object> keyReused(IdempotentRequests.KeyReused e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused",
                e.getMessage(), Map.of("reason", "idempotency_key_reused"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> badParameter(MethodArgumentTypeMismatchException e) {
        InvalidInput.Problem problem = new InvalidInput.Problem(e.getName(),
                "'" + e.getValue() + "' is not a valid " + simpleType(e.getRequiredType()));
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                problem.field() + ": " + problem.message(), Map.of("errors", List.of(problem)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Optional<BodyTooLarge> tooLarge = BodyTooLarge.in(e);
        if (tooLarge.isPresent()) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content Too Large", tooLarge.get().getMessage(),
                    Map.of());
        }
        InvalidInput.Problem problem = describe(outermostJacksonCause(e));
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                problem.field() + ": " + problem.message(), Map.of("errors", List.of(problem)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            InvalidInput.Problem problem = new InvalidInput.Problem(missing.getHeaderName(), "header is required");
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", missing.getMessage(),
                    Map.of("errors", List.of(problem)));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static Throwable outermostJacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return t;
            }
        }
        return e;
    }

    private static InvalidInput.Problem describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new InvalidInput.Problem(path(unknown), "is not a field of this request");
        }
        if (cause instanceof InvalidFormatException format && TextJson.refusalIn(format).isPresent()) {
            return new InvalidInput.Problem(path(format), TextJson.NUL_PROBLEM);
        }
        if (cause instanceof InvalidFormatException format) {
            return new InvalidInput.Problem(path(format), "'" + format.getValue() + "' is not a valid "
                    + simpleType(format.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return new InvalidInput.Problem(path(mismatch), "must be a " + simpleType(mismatch.getTargetType()));
        }
        if (cause instanceof StreamReadException || cause instanceof JacksonException) {
            return new InvalidInput.Problem("body", "is not valid JSON: " + ((JacksonException) cause).getOriginalMessage());
        }
        return new InvalidInput.Problem("body", "is required and must be a JSON object");
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == java.time.Instant.class) {
            return "timestamp (ISO-8601, e.g. 2026-01-31T09:30:00Z)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type == String.class) {
            return "string";
        }
        return "object";
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
                                                  Map<String, Object> properties) {
        return ResponseEntity.status(status).body(body(status, type, title, detail, properties));
    }

    private static ProblemDetail body(HttpStatus status, String type, String title, String detail,
                                      Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
