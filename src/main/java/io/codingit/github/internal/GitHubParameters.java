package io.codingit.github.internal;


import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Checks what callers put into GitHub URLs before any request is made (the peer's rules), and
 * encodes it: nothing a caller sends can change which GitHub endpoint we call.
 */
final class GitHubParameters {
    private static final Pattern OWNER = Pattern.compile("^[a-zA-Z0-9](?:[a-zA-Z0-9]|-(?=[a-zA-Z0-9])){0,38}$");
    private static final Pattern REPO = Pattern.compile("^[a-zA-Z0-9._-]{1,100}$");
    private static final int MAX_PATH = 4096;
    private static final int MAX_REF = 255;

    private GitHubParameters() {
    }

    static String owner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new GitHubException(Kind.INVALID, "Parameter 'owner' is required");
        }
        if (!OWNER.matcher(owner).matches()) {
            throw new GitHubException(Kind.INVALID, "Parameter 'owner' is not a valid GitHub user or organisation name");
        }
        return owner;
    }

    static String repo(String repo) {
        if (repo == null || !REPO.matcher(repo).matches() || repo.equals(".") || repo.equals("..")) {
            throw new GitHubException(Kind.INVALID, "Parameter 'repo' is not a valid repository name");
        }
        return repo;
    }

    /** An empty path is the repository's root. */
    static String path(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (path.length() > MAX_PATH || path.startsWith("/") || path.endsWith("/") || path.contains("//")
                || path.contains("..") || hasControlCharacter(path)) {
            throw new GitHubException(Kind.INVALID, "Parameter 'path' must be a relative path without '..', a leading or"
                    + " trailing '/' or '//'");
        }
        return path;
    }

    /** A branch, tag or commit, following git's check-ref-format rules; null or empty = the default branch. */
    static String ref(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        if (!isValidRef(ref)) {
            throw new GitHubException(Kind.INVALID, "Parameter 'ref' is not a valid git ref name");
        }
        return ref;
    }

    static boolean isValidRef(String ref) {
        if (ref.length() > MAX_REF || ref.equals("@") || ref.startsWith("/") || ref.endsWith("/")
                || ref.endsWith(".") || ref.contains("..") || ref.contains("//") || ref.contains("@{")) {
            return false;
        }
        for (char c : ref.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '*'
                    || c == '[' || c == '\\') {
                return false;
            }
        }
        for (String component : ref.split("/")) {
            if (component.startsWith(".") || component.endsWith(".lock")) {
                return false;
            }
        }
        return true;
    }

    /** One URL path segment, percent-encoded (spaces as %20, '/' encoded). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A slash-separated path, each segment encoded and the separators kept. */
    static String pathSegments(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(segment(part));
        }
        return out.toString();
    }

    /** A query parameter value, percent-encoded. */
    static String query(String value) {
        return segment(value);
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
