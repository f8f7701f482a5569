# Runs inside the sandbox, as the sandbox user: connects to 127.0.0.1:<port> in the sandbox's own
# network namespace and relays that connection over this process's stdin/stdout, so the server can
# reach the app without giving the sandbox any network. Exits 3 when nothing listens on the port.
import os, select, socket, sys

def main():
    try:
        conn = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(3)
    watched = [0, conn]
    while watched:
        readable, _, _ = select.select(watched, [], [])
        if 0 in readable:
            data = os.read(0, 65536)
            if data:
                conn.sendall(data)
            else:
                conn.shutdown(socket.SHUT_WR)
                watched.remove(0)
        if conn in readable:
            data = conn.recv(65536)
            if data:
                out = memoryview(data)
                while out:
                    out = out[os.write(1, out):]
            else:
                break
    conn.close()

main()
