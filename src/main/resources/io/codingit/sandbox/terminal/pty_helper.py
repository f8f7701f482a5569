# Runs inside the sandbox, as the sandbox user: opens a pseudo-terminal on the sandbox's own devpts,
# starts a login shell on it and relays between the terminal and this process's pipes.
# stdin carries frames from the server: 1 byte type, 4 bytes big-endian length, payload.
#   b"i" input bytes for the terminal; b"r" 4 bytes: columns, rows (unsigned 16-bit, big-endian).
# stdout carries the terminal's output unchanged. The exit code is the shell's (128+N after signal N).
import fcntl, os, pty, select, signal, struct, sys, termios

def resize(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]

def drain(master):
    """What the ended shell left in the terminal, without waiting for more."""
    os.set_blocking(master, False)
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            return
        if not data:
            return
        write_all(1, data)

def main():
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    pid, master = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "-l"])
    resize(master, cols, rows)
    # gVisor's terminal never reports the end of the shell's side (no EIO, no EOF on the master), so the
    # shell's exit is also watched for: SIGCHLD wakes the select through this pipe
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    status = None
    pending = b""
    stdin_open = True
    while True:
        watched = [master, wake_r] + ([0] if stdin_open else [])
        try:
            readable, _, _ = select.select(watched, [], [])
        except InterruptedError:
            continue
        if wake_r in readable:
            os.read(wake_r, 512)
            ended, st = os.waitpid(pid, os.WNOHANG)
            if ended == pid:
                status = st
                drain(master)
                break
        if master in readable:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                break
            write_all(1, data)
        if 0 in readable:
            data = os.read(0, 65536)
            if not data:
                # the server hung up: end the shell's session
                stdin_open = False
                os.killpg(pid, signal.SIGHUP)
                continue
            pending += data
            while len(pending) >= 5:
                kind, length = pending[0:1], struct.unpack(">I", pending[1:5])[0]
                if len(pending) < 5 + length:
                    break
                payload, pending = pending[5:5 + length], pending[5 + length:]
                if kind == b"i":
                    write_all(master, payload)
                elif kind == b"r" and length == 4:
                    resize(master, *struct.unpack(">HH", payload))
    if status is None:
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    sys.exit(128 - code if code < 0 else code)

main()
