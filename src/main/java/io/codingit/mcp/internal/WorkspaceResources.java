package io.codingit.mcp.internal;

import io.codingit.files.FileNode;
import io.codingit.files.FilesException;
import io.codingit.files.InvalidPathException;
import io.codingit.files.WorkspaceChanged;
import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The caller's workspace files as {@code file:///<path>} resources: list, read, and subscribe to changes. The
 * SDK keeps one resource list for the whole server and its subscriptions by URI alone; our resources differ per
 * user, so these handlers replace its {@code resources/*} ones ({@link SessionHandlers}) and a change notifies
 * only the sessions of the file's owner that subscribed to it.
 */
@Component
@Lazy
class WorkspaceResources {
    static final String SCHEME_PREFIX = "file:///";

    private final WorkspaceFiles files;
    private final McpJsonMapper json;
    /** session id → its owner and the paths it subscribed to. */
    private final Map<String, Subscriptions> subscriptions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerTransportProvider transport;

    WorkspaceResources(WorkspaceFiles files, McpJsonMapper json, ConfigurableApplicationContext context) {
        this.files = files;
        this.json = json;
        // a listener added here rather than an @EventListener method: Spring makes a lazy bean that has one
        // at the first event, so the first file change would start the MCP server; until the first /mcp
        // request made this bean there is no session to notify anyway
        context.addApplicationListener(new ChangeListener());
    }

    private final class ChangeListener implements ApplicationListener<PayloadApplicationEvent<WorkspaceChanged>> {
        @Override
        public void onApplicationEvent(PayloadApplicationEvent<WorkspaceChanged> event) {
            onChange(event.getPayload());
        }
    }

    private record Subscriptions(String userId, Set<WorkspacePath> paths) {
    }

    void notifyThrough(McpStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    Map<String, McpRequestHandler<?>> handlers() {
        return Map.of(
                McpSchema.METHOD_RESOURCES_LIST, (exchange, params) -> Mono.fromCallable(() -> list(exchange)),
                McpSchema.METHOD_RESOURCES_READ, (exchange, params) -> Mono.fromCallable(() -> read(exchange,
                        json.convertValue(params, McpSchema.ReadResourceRequest.class).uri())),
                McpSchema.METHOD_RESOURCES_SUBSCRIBE, (exchange, params) -> Mono.fromCallable(() -> subscribe(exchange,
                        json.convertValue(params, McpSchema.SubscribeRequest.class).uri())),
                McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, (exchange, params) -> Mono.fromCallable(() -> unsubscribe(
                        exchange, json.convertValue(params, McpSchema.UnsubscribeRequest.class).uri())));
    }

    private McpSchema.ListResourcesResult list(McpAsyncServerExchange exchange) {
        List<McpSchema.Resource> resources = new ArrayList<>();
        collect(files.tree(userOf(exchange)), resources);
        return new McpSchema.ListResourcesResult(resources, null);
    }

    private static void collect(List<FileNode> nodes, List<McpSchema.Resource> into) {
        for (FileNode node : nodes) {
            if (node.isDirectory()) {
                collect(node.children() == null ? List.of() : node.children(), into);
            } else {
                into.add(McpSchema.Resource.builder().uri(uriOf(node.path())).name(node.name()).title(node.path())
                        .mimeType(mimeType(node.name())).build());
            }
        }
    }

    private McpSchema.ReadResourceResult read(McpAsyncServerExchange exchange, String uri) {
        WorkspacePath path = pathOf(uri);
        WorkspaceFile file;
        try {
            file = files.readFile(userOf(exchange), path);
        } catch (FilesException e) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        }
        String canonical = uriOf(path.value());
        String text = utf8(file.content());
        McpSchema.ResourceContents contents = text != null
                ? new McpSchema.TextResourceContents(canonical, mimeType(path.name()), text)
                : new McpSchema.BlobResourceContents(canonical, mimeType(path.name()),
                Base64.getEncoder().encodeToString(file.content()));
        return new McpSchema.ReadResourceResult(List.of(contents));
    }

    private Object subscribe(McpAsyncServerExchange exchange, String uri) {
        WorkspacePath path = pathOf(uri);
        String userId = userOf(exchange);
        subscriptions.compute(exchange.sessionId(), (id, existing) -> {
            Subscriptions s = existing != null && existing.userId().equals(userId) ? existing
                    : new Subscriptions(userId, ConcurrentHashMap.newKeySet());
            s.paths().add(path);
            return s;
        });
        return Map.of();
    }

    private Object unsubscribe(McpAsyncServerExchange exchange, String uri) {
        WorkspacePath path = pathOf(uri);
        Subscriptions s = subscriptions.get(exchange.sessionId());
        if (s != null) {
            s.paths().remove(path);
        }
        return Map.of();
    }

    /** A session that ended subscribes to nothing. */
    void forget(String sessionId) {
        subscriptions.remove(sessionId);
    }

    void onChange(WorkspaceChanged change) {
        McpStreamableServerTransportProvider target = transport;
        if (target == null) {
            return;
        }
        subscriptions.forEach((sessionId, s) -> {
            if (!s.userId().equals(change.userId())) {
                return;
            }
            for (WorkspacePath subscribed : s.paths()) {
                if (change.paths().stream().anyMatch(subscribed::isSameOrDescendantOf)) {
                    notify(target, sessionId, subscribed);
                }
            }
        });
    }

    private void notify(McpStreamableServerTransportProvider target, String sessionId, WorkspacePath path) {
        target.notifyClient(sessionId, McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
                new McpSchema.ResourcesUpdatedNotification(uriOf(path.value()))).subscribe(ok -> { }, gone -> forget(sessionId));
    }

    static String uriOf(String path) {
        try {
            return new URI("file", "", "/" + path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static WorkspacePath pathOf(String uri) {
        if (uri == null || !uri.startsWith(SCHEME_PREFIX)) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("argument 'uri' must be a file:/// URI of your workspace").build();
        }
        try {
            return WorkspacePath.of(URI.create(uri).getPath());
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("argument 'uri' is not a valid workspace path: " + e.getMessage()).build();
        }
    }

    private static String userOf(McpAsyncServerExchange exchange) {
        return McpCall.of(exchange.transportContext()).user().id();
    }

    private static String mimeType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed != null ? guessed : "text/plain";
    }

    /** The text, or null when the bytes are not UTF-8 (then the resource is a blob). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
