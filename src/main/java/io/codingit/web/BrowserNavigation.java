package io.codingit.web;

import io.codingit.common.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Routes that a browser opens by navigating, not by {@code fetch} (the GitHub OAuth callback): their
 * answer replaces the page, so a failure there sends the browser back into the console with the message
 * ({@code ?error=...}) instead of showing the bare JSON error body. An API client calling such a route
 * (no navigation headers) still gets the error body with its status.
 */
public final class BrowserNavigation {
    private BrowserNavigation() {
    }

    /**
     * Whether the browser is navigating: {@code Sec-Fetch-Mode: navigate}, which every current browser
     * sends on a navigation and never on a fetch; without that header (an older browser), an
     * {@code Accept} that asks for HTML.
     */
    public static boolean isNavigation(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return mode.equals("navigate");
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** 302 to {@code location}, never cached (it may carry a one-time outcome). */
    public static ResponseEntity<Void> redirect(String location) {
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /**
     * The failure as a redirect to {@code consoleUrl} with {@code error=<message>} added (to the query
     * of its fragment for a console route such as {@code /#/github}), logged ({@link ErrorLog}) as the
     * error answer it replaces: its status from the kind, its cause.
     */
    public static ResponseEntity<Void> failed(String consoleUrl, DomainException e) {
        ErrorLog.answered(DomainErrorStatus.of(e.kind()).value(), e.getMessage() + " (sent to " + consoleUrl + ")", e.getCause());
        String separator = consoleUrl.substring(consoleUrl.indexOf('#') + 1).contains("?") ? "&" : "?";
        // %20, not "+": the console reads it with URLSearchParams, and other readers take %20 as a space too
        String message = URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8).replace("+", "%20");
        return redirect(consoleUrl + separator + "error=" + message);
    }
}
