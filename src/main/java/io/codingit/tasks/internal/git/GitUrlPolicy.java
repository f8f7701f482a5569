package io.codingit.tasks.internal.git;

import io.codingit.common.DomainException.Kind;
import io.codingit.tasks.TaskException;
import io.codingit.llm.HostResolver;
import io.codingit.llm.OutboundUrlPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which repository URLs a task may name. Accepted: {@code https://host/owner/repo(.git)},
 * {@code ssh://git@host/owner/repo.git} and the scp-like {@code git@host:owner/repo.git}, on an allowed
 * host whose addresses are public (checked by the llm feature's {@link OutboundUrlPolicy}, the one policy
 * for outbound URLs), or a {@code file:} URL under an operator-configured root. Everything else is a 400:
 * other schemes (http, git, ext and every {@code transport::address} helper), a leading {@code -} (option
 * injection into a git command line), user info on https ({@code https://github.com@127.0.0.1/}), a
 * password, query or fragment, control characters, non-ASCII, over-long URLs and path segments outside
 * {@code [A-Za-z0-9._~-]} (so {@code --upload-pack=...} or {@code ..} cannot appear anywhere).
 */
public final class GitUrlPolicy {
    static final int MAX_LENGTH = 1024;
    private static final Pattern SCP_LIKE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)@([A-Za-z0-9.-]+):(.+)$");
    private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9_~][A-Za-z0-9._~-]*$");
    private static final Pattern HOST = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$");
    private static final String WHAT = "repoUrl";

    private final List<String> allowedHosts;
    private final List<Path> fileRoots;
    private final OutboundUrlPolicy addresses;

    /**
     * @param allowedHosts  hosts a URL may name
     * @param internalHosts allowed hosts exempt from the public-address check
     * @param fileRoots     directories {@code file:} URLs may point into (empty: none)
     * @param resolver      resolves host names (tests inject one that never touches the network)
     */
    public GitUrlPolicy(List<String> allowedHosts, List<String> internalHosts, List<String> fileRoots,
                        HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.fileRoots = fileRoots.stream().map(String::trim).filter(r -> !r.isEmpty())
                .map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
        this.addresses = new OutboundUrlPolicy(internalHosts, resolver);
    }

    /** The checked remote, or a 400 saying what is wrong (never echoing the URL, which may hold a secret). */
    public GitRemote check(String url) {
        if (url == null || url.isBlank()) {
            throw new TaskException(Kind.INVALID, WHAT + " is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new TaskException(Kind.INVALID, WHAT + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new TaskException(Kind.INVALID, WHAT + " must not contain spaces, control or non-ASCII characters");
            }
        }
        if (url.startsWith("-")) {
            throw new TaskException(Kind.INVALID, WHAT + " must not start with '-'");
        }
        int helper = url.indexOf("::");
        if (helper >= 0 && (!url.contains("://") || helper < url.indexOf("://"))) {
            throw new TaskException(Kind.INVALID, WHAT + " must not use a git transport helper ('transport::address')");
        }
        if (!url.contains("://")) {
            Matcher scp = SCP_LIKE.matcher(url);
            if (!scp.matches()) {
                if (url.regionMatches(true, 0, "file:", 0, 5)) {
                    return checkFile(url);
                }
                throw new TaskException(Kind.INVALID, WHAT + " must be an https or ssh git URL (https://github.com/owner/repo.git or git@github.com:owner/repo.git)");
            }
            return remote(scp.group(2), null, scp.group(3));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TaskException(Kind.INVALID, WHAT + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new TaskException(Kind.INVALID, WHAT + " must not have a query or fragment");
        }
        return switch (scheme) {
            case "https" -> {
                if (uri.getRawUserInfo() != null) {
                    throw new TaskException(Kind.INVALID, WHAT + " must not contain user info or credentials");
                }
                yield remote(uri.getHost(), uri.getPort(), uri.getRawPath());
            }
            case "ssh" -> {
                String user = uri.getRawUserInfo();
                if (user != null && !user.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                    throw new TaskException(Kind.INVALID, WHAT + " must not contain a password or unusual user name");
                }
                yield remote(uri.getHost(), null, uri.getRawPath());
            }
            case "file" -> checkFile(url);
            default -> throw new TaskException(Kind.INVALID, WHAT + " must be an https or ssh git URL (not " + safeScheme(scheme) + ")");
        };
    }

    private GitRemote remote(String rawHost, Integer port, String rawPath) {
        if (rawHost == null || rawHost.isEmpty()) {
            throw new TaskException(Kind.INVALID, WHAT + " has no host");
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (ipv6) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!allowedHosts.contains(host)) {
            throw new TaskException(Kind.INVALID, WHAT + " must be on an allowed host (" + String.join(", ", allowedHosts) + ")");
        }
        if (!HOST.matcher(host).matches() && !(ipv6 && host.matches("[0-9a-f:.]+"))) {
            throw new TaskException(Kind.INVALID, WHAT + " has an invalid host");
        }
        addresses.checkHost(host, WHAT);
        String path = segments(rawPath);
        String portPart = port == null || port < 0 ? "" : ":" + port;
        return new GitRemote("https://" + (ipv6 ? "[" + host + "]" : host) + portPart + "/" + path, host, nameOf(path));
    }

    /** The path as {@code a/b/c}: at least two segments (owner and repository), each of safe characters. */
    private static String segments(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/", -1);
        if (parts.length < 2) {
            throw new TaskException(Kind.INVALID, WHAT + " must name a repository (owner/repo)");
        }
        for (String part : parts) {
            if (!SEGMENT.matcher(part).matches() || part.equals("..")) {
                throw new TaskException(Kind.INVALID, WHAT + " has an invalid path segment (allowed: letters, digits, '.', '_', '~', '-', not leading '.' or '-')");
            }
        }
        return path;
    }

    private GitRemote checkFile(String url) {
        if (fileRoots.isEmpty()) {
            throw new TaskException(Kind.INVALID, WHAT + " must not be a file: URL on this server");
        }
        Path path;
        try {
            URI uri = new URI(url);
            if (uri.getRawAuthority() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new TaskException(Kind.INVALID, WHAT + " must be a plain file:///path URL");
            }
            path = Path.of(uri).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TaskException(Kind.INVALID, WHAT + " is not a valid file: URL");
        }
        Path real;
        try {
            real = Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            throw new TaskException(Kind.INVALID, WHAT + " cannot be read");
        }
        boolean inside = fileRoots.stream().anyMatch(root -> real.startsWith(realOrSelf(root)) && !real.equals(realOrSelf(root)));
        if (!inside) {
            throw new TaskException(Kind.INVALID, WHAT + " must not be a file: URL outside the configured roots");
        }
        String file = real.getFileName().toString();
        return new GitRemote(real.toUri().toString(), null, safeName(file));
    }

    private static Path realOrSelf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    private static String nameOf(String path) {
        return safeName(path.substring(path.lastIndexOf('/') + 1));
    }

    /** The repository's name as a directory name: {@code .git} dropped, a safe non-dot start, "repo" otherwise. */
    static String safeName(String last) {
        String name = last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        while (name.startsWith(".") || name.startsWith("-")) {
            name = name.substring(1);
        }
        return name.isEmpty() || name.length() > 100 ? "repo" : name;
    }

    private static String safeScheme(String scheme) {
        return scheme.matches("[a-z][a-z0-9+.-]{0,15}") ? scheme + ":" : "that scheme";
    }
}
