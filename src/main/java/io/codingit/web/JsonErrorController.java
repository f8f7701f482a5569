package io.codingit.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/basic error page: errors raised by the container or by filters (outside
 * MVC) still answer with the API's JSON body, never an HTML page or a stack trace.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = switch (status) {
            case NOT_FOUND -> "Not found";
            case UNAUTHORIZED -> "Authentication required";
            case FORBIDDEN -> "Forbidden";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case CONTENT_TOO_LARGE -> "Request body too large";
            case BAD_REQUEST -> "Bad request";
            default -> status.is5xxServerError() ? ApiExceptionHandler.GENERIC_MESSAGE : status.getReasonPhrase();
        };
        return ErrorResponses.of(status, message, status.is5xxServerError() ? "internal_error" : "error");
    }
}
