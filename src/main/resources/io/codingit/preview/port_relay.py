# Runs inside the sandbox, as the sandbox user, for as long as its preview lives: one process per
# preview that carries every connection the server opens to 127.0.0.1:<port> in the sandbox's own
# network namespace, multiplexed over this process's stdin/stdout, so the server reaches the app
# without giving the sandbox any network and without starting a process per connection.
#
# Frames in both directions: type (1 byte), connection id (4 bytes), length (4 bytes), payload.
#   OPEN  (1, server -> relay): connect connection <id> to the app; answered by CLOSE when that fails
#   DATA  (2): bytes of connection <id>
#   EOF   (3, server -> relay): the client finished sending (half close towards the app)
#   CLOSE (4): the connection is over (the app closed it, or the server did)
import os, socket, struct, sys, threading

OPEN, DATA, EOF, CLOSE = 1, 2, 3, 4
HEADER = struct.Struct(">BII")
QUICKACK = getattr(socket, "TCP_QUICKACK", 12)
port = int(sys.argv[1])
out = sys.stdout.buffer
out_lock = threading.Lock()
conns = {}


def send(kind, conn_id, payload=b""):
    with out_lock:
        out.write(HEADER.pack(kind, conn_id, len(payload)))
        out.write(payload)
        out.flush()


def from_app(conn_id, conn):
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            # acknowledge at once: an app that writes a response in two pieces (headers, then body) without
            # TCP_NODELAY would otherwise wait for the delayed ACK (40 ms) before sending the second; Linux
            # leaves quick-ack mode again by itself, so it is asked for after every read
            conn.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
            send(DATA, conn_id, data)
    except OSError:
        pass
    if conns.pop(conn_id, None) is not None:
        conn.close()
        send(CLOSE, conn_id)


def read_exactly(n):
    chunks = []
    while n:
        chunk = os.read(0, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def main():
    while True:
        header = read_exactly(HEADER.size)
        if header is None:
            return
        kind, conn_id, length = HEADER.unpack(header)
        payload = read_exactly(length) if length else b""
        if payload is None:
            return
        if kind == OPEN:
            try:
                conn = socket.create_connection(("127.0.0.1", port))
            except OSError:
                send(CLOSE, conn_id)
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conns[conn_id] = conn
            threading.Thread(target=from_app, args=(conn_id, conn), daemon=True).start()
            continue
        conn = conns.get(conn_id)
        if conn is None:
            continue
        try:
            if kind == DATA:
                conn.sendall(payload)
            elif kind == EOF:
                conn.shutdown(socket.SHUT_WR)
            elif kind == CLOSE:
                conns.pop(conn_id, None)
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
        except OSError:
            if conns.pop(conn_id, None) is not None:
                conn.close()
                send(CLOSE, conn_id)


main()
