// ... keep existing code ...
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
    // ... keep existing code ...
    Socket openRaw(Object body, String accept) throws IOException {
        return openRaw(body, accept, 0);
    }

    /** As {@link #openRaw(Object, String)}, with a small receive buffer when {@code receiveBuffer > 0} (a slow reader). */
    Socket openRaw(Object body, String accept, int receiveBuffer) throws IOException {
        byte[] payload = TestApi.JSON.writeValueAsBytes(body);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the TCP window is small from the start
        }
        socket.connect(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(api.baseUrl().substring(api.baseUrl().lastIndexOf(':') + 1))));
        socket.setSoTimeout(30_000);
// ... keep existing code ...
