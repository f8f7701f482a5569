package io.codingit.web;

import io.codingit.common.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.stream.Collectors;

/**
 * Turns every failure into the API's error body. Messages of {@link ApiException} are written for
 * callers; anything unexpected becomes a generic 500 (with detail only when
 * {@code codingit.errors.detailed} is on) so that SQL, class names and secrets never leave.
 */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final String GENERIC_MESSAGE = "Internal server error";

    private final ErrorProperties properties;

    public ApiExceptionHandler(ErrorProperties properties) {
        this.properties = properties;
    }

    /**
     * The client of a streamed response (Server-Sent Events) went away: nothing can be written any more,
     * and it is no server error. The stream's owner notices it on its own (a failed write).
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("client of a streamed response went away: {}", e.getMessage());
    }

    /** A controller's own HTTP error (ApiException is thrown only by controllers and web). */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return ErrorResponses.of(e.status(), e.getMessage(), e.code(), e.getCause());
    }

    /** A feature's own failure: its kind decides the status, here and nowhere else. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<ErrorBody> domain(DomainException e) {
        ResponseEntity<ErrorBody> response = ErrorResponses.of(DomainErrorStatus.of(e.kind()), e.getMessage(), e.code(), e.getCause());
        return e.retryAfter()
                .map(wait -> ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                        .header(org.springframework.http.HttpHeaders.RETRY_AFTER,
                                Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)))
                        .body(response.getBody()))
                .orElse(response);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
                return ErrorResponses.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), "too_large");
            }
        }
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, describeUnreadable(e), "bad_request");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        if (message.isEmpty()) {
            message = "Invalid request body";
        }
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, message, "validation_failed");
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ErrorBody> invalidParameters(HandlerMethodValidationException e) {
        String message = e.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName() + ": "
                        + r.getResolvableErrors().stream().map(err -> err.getDefaultMessage())
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, message, "validation_failed");
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ErrorBody> constraint(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, message, "validation_failed");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return ErrorResponses.of(HttpStatus.BAD_REQUEST,
                "Missing required query parameter '" + e.getParameterName() + "'", "bad_request");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e) {
        return ErrorResponses.of(HttpStatus.BAD_REQUEST,
                "Missing required header '" + e.getHeaderName() + "'", "bad_request");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ErrorResponses.of(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has an invalid value", "bad_request");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return ErrorResponses.of(HttpStatus.METHOD_NOT_ALLOWED,
                "Method " + e.getMethod() + " is not allowed here", "method_not_allowed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return ErrorResponses.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content type not supported; send application/json", "unsupported_media_type");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ErrorResponses.of(HttpStatus.NOT_ACCEPTABLE, "No acceptable representation", "not_acceptable");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noRoute(NoResourceFoundException e) {
        return ErrorResponses.of(HttpStatus.NOT_FOUND, "No route for " + e.getHttpMethod() + " /" + e.getResourcePath(),
                "not_found");
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ErrorBody> unauthenticated(AuthenticationException e) {
        return ErrorResponses.of(HttpStatus.UNAUTHORIZED, "Authentication required", "unauthorized");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ErrorBody> denied(AccessDeniedException e) {
        return ErrorResponses.of(HttpStatus.FORBIDDEN, "Forbidden", "forbidden");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        String detail = properties.detailed() ? e.getClass().getName() + ": " + e.getMessage() : null;
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(new ErrorBody(true, GENERIC_MESSAGE, "internal_error", detail));
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }

    private static String describeUnreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            return "Unknown field '" + u.getPropertyName() + "'";
        }
        if (cause instanceof InvalidFormatException f) {
            return "Field '" + f.getPathReference() + "' has the wrong type or format";
        }
        if (cause instanceof MismatchedInputException m) {
            String path = fieldPath(m);
            return path.isEmpty() ? "Request body has the wrong shape" : "Field '" + path + "' has the wrong type";
        }
        if (cause instanceof DatabindException d) {
            String path = fieldPath(d);
            return path.isEmpty() ? "Malformed JSON in request body" : "Malformed value for field '" + path + "'";
        }
        if (cause != null && cause.getClass().getName().startsWith("tools.jackson.core")) {
            return "Malformed JSON in request body";
        }
        return "Request body is missing or malformed";
    }

    private static String fieldPath(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
