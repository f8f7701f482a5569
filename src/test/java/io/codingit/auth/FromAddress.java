package io.codingit.auth;

import io.codingit.support.TestApi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a JSON POST from a chosen loopback source address (127.x.y.z are all this machine), so that
 * per-IP behaviour can be tested without a trusted proxy: the server sees a genuinely different peer.
 * HTTP/1.1 with {@code Connection: close}, enough for small JSON exchanges.
 */
record FromAddress(String sourceAddress, int port) {

    /** A random address in 127.0.0.0/8 other than 127.0.0.1, fresh for each test. */
    static FromAddress random(int port) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new FromAddress("127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(2, 255), port);
    }

    record Response(int status, Map<String, String> headers, String body) {
    }

    Response post(String path, Map<String, String> json) {
        byte[] body = TestApi.JSON.writeValueAsBytes(json);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port,
                InetAddress.getByName(sourceAddress), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, split).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
        }
        String body = text.substring(split + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(Integer.parseInt(head[0].split(" ")[1]), headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", pos);
            int size = Integer.parseInt(chunked.substring(pos, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            pos = lineEnd + 2 + size + 2;
        }
    }
}
