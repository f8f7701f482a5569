package io.codingit.preview.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a raw socket, for tests: it sends the Host header a browser would send for a
 * preview URL (Java's own WebSocket client does not let a test set it), and small text frames.
 */
final class WebSocketProbe implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String responseHead;

    private WebSocketProbe(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
    }

    static WebSocketProbe open(int serverPort, String host, String path) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), serverPort);
        socket.setSoTimeout(30_000);
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + serverPort
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nOrigin: http://" + host + ":" + serverPort + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return new WebSocketProbe(socket, head.toString(StandardCharsets.ISO_8859_1));
    }

    String responseHead() {
        return responseHead;
    }

    /** Sends a masked text frame (under 126 bytes) and reads the next text frame the server sends. */
    String exchange(String text) throws IOException {
        send(text);
        return receive();
    }

    void send(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (data.length > 125) {
            throw new IllegalArgumentException("small frames only");
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | data.length);
        frame.write(mask);
        for (int i = 0; i < data.length; i++) {
            frame.write(data[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The payload of the next text frame, skipping other frames (pings, binary). */
    String receive() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0f) == 1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Like a browser: waits for the server's close frame, answers it with a close frame and reads until the
     * server closes the connection. Returns the close frame's status code.
     */
    int awaitClose() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            byte[] payload = new byte[length];
            in.readFully(payload);
            if ((first & 0x0f) == 8) {
                out.write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0});
                out.flush();
                in.readAllBytes();
                return length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
