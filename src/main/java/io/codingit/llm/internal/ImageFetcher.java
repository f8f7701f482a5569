package io.codingit.llm.internal;

import io.codingit.common.DomainException;
import io.codingit.llm.LlmImageException;
import io.codingit.llm.LlmMessage;
import io.codingit.llm.OutboundUrlPolicy;
import jakarta.annotation.PreDestroy;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the {@code https:} images of a conversation on the server, so that provider clients only ever see
 * {@code data:} URLs (security finding 4: LangChain4j's own fetch followed redirects, resolved the name again
 * and read without limit). Through Jetty's client: redirects are not followed; each connection goes only to
 * addresses that passed {@link OutboundUrlPolicy} in that same lookup (a resolver that checks is the client's
 * only resolver, so nothing resolves the name twice); the body is capped; only {@code image/*} is accepted.
 */
@Component
class ImageFetcher {
    private final OutboundUrlPolicy policy;
    private final LlmProperties properties;
    /** Started on the first URL image: most conversations have none, and a started client holds threads. */
    private HttpClient client;

    ImageFetcher(OutboundUrlPolicy policy, LlmProperties properties) {
        this.policy = policy;
        this.properties = properties;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient created = new HttpClient();
            created.setFollowRedirects(false);
            created.setConnectTimeout(properties.connectTimeout().toMillis());
            created.setSocketAddressResolver((host, port, context, promise) -> resolve(host, port, promise));
            created.setUserAgentField(null);
            // its tasks on virtual threads: no pool of platform threads kept for the few image fetches
            created.setExecutor(new VirtualThreadPool());
            try {
                created.start();
            } catch (Exception e) {
                throw new IllegalStateException("the image client did not start", e);
            }
            client = created;
        }
        return client;
    }

    @PreDestroy
    synchronized void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
    }

    private void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress address : policy.resolveChecked(host, "an image URL")) {
                addresses.add(new InetSocketAddress(address, port));
            }
            promise.succeeded(addresses);
        } catch (RuntimeException e) {
            promise.failed(e);
        }
    }

    /** The messages with every URL image replaced by the fetched image as a {@code data:} URL. */
    List<LlmMessage> inline(List<LlmMessage> messages) {
        List<LlmMessage> out = new ArrayList<>(messages.size());
        for (LlmMessage message : messages) {
            if (message.parts().stream().noneMatch(p -> p instanceof LlmMessage.Image image && !isData(image.url()))) {
                out.add(message);
                continue;
            }
            List<LlmMessage.Part> parts = new ArrayList<>(message.parts().size());
            for (LlmMessage.Part part : message.parts()) {
                parts.add(part instanceof LlmMessage.Image image && !isData(image.url()) ? fetch(image.url()) : part);
            }
            out.add(new LlmMessage(message.role(), parts));
        }
        return out;
    }

    private static boolean isData(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    LlmMessage.Image fetch(String url) {
        URI uri = policy.check(url, "an image URL");
        long max = properties.maxImageSize().toBytes();
        InputStreamResponseListener listener = new InputStreamResponseListener();
        client().newRequest(uri).timeout(properties.connectTimeout().toMillis() + properties.imageFetchTimeout().toMillis(),
                TimeUnit.MILLISECONDS).headers(h -> h.put(HttpHeader.ACCEPT, "image/*")).send(listener);
        try {
            Response response = listener.get(properties.imageFetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try (InputStream in = listener.getInputStream()) {
                return read(response, in, max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("fetching the image was interrupted");
        } catch (TimeoutException e) {
            throw unavailable("the image URL did not answer within " + properties.imageFetchTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DomainException refused) {
                throw refused;
            }
            throw unavailable("the image could not be fetched");
        } catch (IOException e) {
            throw unavailable("the image could not be read");
        }
    }

    private LlmMessage.Image read(Response response, InputStream in, long max) throws IOException {
        int status = response.getStatus();
        if (status >= 300 && status < 400) {
            throw unavailable("the image URL answered with a redirect, which is not followed; give the image's own URL");
        }
        if (status != 200) {
            throw unavailable("the image URL answered with status " + status);
        }
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.matches("image/[a-z0-9.+-]+")) {
            throw unavailable("the image URL did not answer with an image (Content-Type " + (mime.isEmpty() ? "missing" : mime) + ")");
        }
        if (response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > max) {
            throw tooLarge(max);
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        return new LlmMessage.Image("data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes));
    }

    private static LlmImageException unavailable(String message) {
        return new LlmImageException(DomainException.Kind.INVALID, message);
    }

    private LlmImageException tooLarge(long max) {
        return new LlmImageException(DomainException.Kind.TOO_LARGE, "the image is larger than " + (max / (1024 * 1024)) + " MB");
    }
}
