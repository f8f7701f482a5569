package io.codingit.preview.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

/**
 * Protocol upgrades (WebSockets: a dev server's hot reload) through the proxy, which Jetty's
 * {@code ProxyServlet} does not do. The handshake is forwarded to the app through the preview's relay;
 * when the app answers {@code 101 Switching Protocols}, the servlet container's own protocol upgrade
 * ({@link HttpServletRequest#upgrade}, Servlet 3.1) hands over the raw connection and from then on bytes are
 * copied both ways unchanged: the WebSocket frames (and any extension such as permessage-deflate) are
 * the browser's and the app's business, nothing here parses or rewrites them. Any other answer (the app
 * refuses the upgrade) is passed back as an ordinary response.
 */
final class UpgradeRelay {
    private static final Logger log = LoggerFactory.getLogger(UpgradeRelay.class);
    private static final int MAX_HEAD = 64 * 1024;
    private static final int HANDSHAKE_TIMEOUT_MS = 30_000;
    /** Headers that belong to one hop and are not forwarded on an upgrade handshake (Connection/Upgrade are kept). */
    private static final Set<String> HOP_BY_HOP = Set.of("keep-alive", "proxy-connection", "proxy-authorization",
            "proxy-authenticate", "te", "trailer", "transfer-encoding");

    private UpgradeRelay() {
    }

    /** Whether the request asks for a protocol upgrade (e.g. {@code Upgrade: websocket}). */
    static boolean isUpgrade(HttpServletRequest request) {
        String connection = request.getHeader("Connection");
        return request.getHeader("Upgrade") != null && connection != null
                && Arrays.stream(connection.split(",")).anyMatch(t -> t.trim().equalsIgnoreCase("upgrade"));
    }

    static void relay(HttpServletRequest request, HttpServletResponse response, int relayPort)
            throws IOException, jakarta.servlet.ServletException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), relayPort);
        upstream.setTcpNoDelay(true);
        // the handshake is bounded; the upgraded connection then lives as long as both ends keep it
        upstream.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        boolean handedOver = false;
        try {
            OutputStream toApp = upstream.getOutputStream();
            toApp.write(requestHead(request).getBytes(StandardCharsets.ISO_8859_1));
            toApp.flush();
            InputStream fromApp = upstream.getInputStream();
            Head head = readHead(fromApp);
            if (head == null) {
                response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "the app closed the connection");
                return;
            }
            response.setStatus(head.status());
            for (String[] header : head.headers()) {
                if (!HOP_BY_HOP.contains(header[0].toLowerCase(Locale.ROOT))) {
                    response.addHeader(header[0], header[1]);
                }
            }
            if (head.status() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                // the app refused the upgrade: its answer, with as much body as it announced
                String length = head.header("Content-Length");
                if (length != null) {
                    long remaining = Long.parseLong(length.trim());
                    ServletOutputStream out = response.getOutputStream();
                    int first = (int) Math.min(remaining, head.rest().length);
                    out.write(head.rest(), 0, first);
                    remaining -= first;
                    byte[] buffer = new byte[8192];
                    int n;
                    while (remaining > 0 && (n = fromApp.read(buffer, 0, (int) Math.min(buffer.length, remaining))) > 0) {
                        out.write(buffer, 0, n);
                        remaining -= n;
                    }
                }
                return;
            }
            upstream.setSoTimeout(0);
            Bridge bridge = request.upgrade(Bridge.class);
            bridge.attach(upstream, head.rest(), "websocket".equalsIgnoreCase(request.getHeader("Upgrade")));
            handedOver = true;
        } catch (NumberFormatException e) {
            response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "the app sent a malformed Content-Length");
        } finally {
            if (!handedOver) {
                upstream.close();
            }
        }
    }

    /** The request line and headers as the app should see them (the path and query unchanged). */
    private static String requestHead(HttpServletRequest request) {
        StringBuilder head = new StringBuilder();
        head.append(request.getMethod()).append(' ').append(request.getRequestURI());
        if (request.getQueryString() != null) {
            head.append('?').append(request.getQueryString());
        }
        head.append(" HTTP/1.1\r\n");
        for (String name : Collections.list(request.getHeaderNames())) {
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            }
        }
        return head.append("\r\n").toString();
    }

    record Head(int status, java.util.List<String[]> headers, byte[] rest) {
        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }
    }

    /** Reads the app's status line and headers (bounded); null when it closed first or sent no HTTP. */
    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int end = -1;
        while (end < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                return null;
            }
            seen.write(buffer, 0, n);
            byte[] all = seen.toByteArray();
            end = indexOfBlankLine(all);
            if (end < 0 && all.length > MAX_HEAD) {
                throw new IOException("the app's response head is larger than " + MAX_HEAD + " bytes");
            }
        }
        byte[] all = seen.toByteArray();
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            return null;
        }
        java.util.List<String[]> headers = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        return new Head(status, headers, Arrays.copyOfRange(all, end + 4, all.length));
    }

    private static int indexOfBlankLine(byte[] data) {
        for (int i = 0; i + 3 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The upgraded connection: created by the container, attached to the app's connection before the
     * container calls {@link #init}. The container's streams are used in their non-blocking mode (read and
     * write listeners): then the container notices when both are closed and closes the browser's
     * connection, which it does not do for a connection read in blocking mode. Browser to app: the
     * container's read callbacks write to the app's socket. App to browser: a virtual thread reads the app's
     * socket and writes when the container says the browser's connection can take more.
     */
    public static final class Bridge implements HttpUpgradeHandler {
        /** A WebSocket close frame, status 1001 "going away": sent when the app's side ends. */
        private static final byte[] GOING_AWAY = {(byte) 0x88, 0x02, 0x03, (byte) 0xE9};

        private final Object writable = new Object();
        private Socket upstream;
        private byte[] early;
        private boolean webSocket;
        private volatile boolean appGone;

        public Bridge() {
            // the container instantiates it
        }

        void attach(Socket upstream, byte[] early, boolean webSocket) {
            this.upstream = upstream;
            this.early = early;
            this.webSocket = webSocket;
        }

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream fromBrowser = connection.getInputStream();
                ServletOutputStream toBrowser = connection.getOutputStream();
                toBrowser.setWriteListener(new WriteListener() {
                    @Override
                    public void onWritePossible() {
                        synchronized (writable) {
                            writable.notifyAll();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        closeAll(connection);
                    }
                });
                fromBrowser.setReadListener(new ReadListener() {
                    private final byte[] buffer = new byte[65536];

                    @Override
                    public void onDataAvailable() throws IOException {
                        OutputStream toApp = upstream.getOutputStream();
                        while (fromBrowser.isReady()) {
                            int n = fromBrowser.read(buffer);
                            if (n < 0 || appGone) {
                                closeAll(connection);
                                return;
                            }
                            toApp.write(buffer, 0, n);
                        }
                        toApp.flush();
                    }

                    @Override
                    public void onAllDataRead() {
                        closeAll(connection);
                    }

                    @Override
                    public void onError(Throwable t) {
                        closeAll(connection);
                    }
                });
                Thread.ofVirtual().name("preview-upgrade").start(() -> fromApp(connection, toBrowser));
            } catch (IOException | RuntimeException e) {
                log.debug("upgraded preview connection failed: {}", e.getMessage());
                closeAll(connection);
            }
        }

        private void fromApp(WebConnection connection, ServletOutputStream toBrowser) {
            try {
                write(toBrowser, early, early.length);
                InputStream fromApp = upstream.getInputStream();
                byte[] buffer = new byte[65536];
                int n;
                while ((n = fromApp.read(buffer)) > 0) {
                    write(toBrowser, buffer, n);
                }
            } catch (IOException | InterruptedException e) {
                log.debug("upgraded preview connection ended: {}", e.getMessage());
            }
            appGone = true;
            try {
                if (webSocket) {
                    // the browser answers with its own close frame, upon which the container closes the connection
                    write(toBrowser, GOING_AWAY, GOING_AWAY.length);
                    awaitWritable(toBrowser);
                } else {
                    closeAll(connection);
                }
            } catch (IOException | InterruptedException | IllegalStateException e) {
                closeAll(connection);
            }
        }

        /** Non-blocking write: only when the container says the previous write has gone out. */
        private void write(ServletOutputStream toBrowser, byte[] data, int length) throws IOException, InterruptedException {
            if (length == 0) {
                return;
            }
            awaitWritable(toBrowser);
            toBrowser.write(data, 0, length);
            // in non-blocking mode a write may stay in the container's buffer until flushed
            awaitWritable(toBrowser);
            toBrowser.flush();
        }

        private void awaitWritable(ServletOutputStream toBrowser) throws InterruptedException {
            synchronized (writable) {
                // isReady() false also asks the container to call onWritePossible once it can write again
                while (!toBrowser.isReady()) {
                    writable.wait(200);
                }
            }
        }

        private void closeAll(WebConnection connection) {
            appGone = true;
            try {
                upstream.close();
            } catch (IOException e) {
                // already closed
            }
            try {
                connection.close();
            } catch (Exception e) {
                // already closed
            }
        }

        @Override
        public void destroy() {
            try {
                upstream.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
