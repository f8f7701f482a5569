        // ... rest of the code ...
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                // the relay forwards writes as they come; Nagle would hold a response's second write for
                // the peer's delayed ACK (40 ms per request)
                client.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return;
// ... rest of the code ...
