"""CodingIT code interpreter driver.

Runs inside a sandbox: an IPython InteractiveShell in this process, driven by line-delimited JSON.
The server sends the source of this file as the first stdin line; after that, stdin carries requests
and the original stdout carries events. User code never sees either: fd 0 is /dev/null, and fds 1
and 2 are pipes whose content becomes stdout/stderr events, so neither print() nor a subprocess can
corrupt the protocol.

Requests:  {"type": "execute", "id": N, "code": "..."}   {"type": "interrupt", "id": N}
Events:    {"type": "ready"}
           {"type": "stdout"|"stderr", "id": N, "text": "..."}
           {"type": "result", "id": N, "bundle": {mime: data}, "main": bool}
           {"type": "error", "id": N, "name": "...", "value": "...", "traceback": ["..."]}
           {"type": "end", "id": N, "executionCount": K}
"""
import json
import os
import queue
import select
import signal
import sys
import threading

OUTPUT_LIMIT = int(os.environ.get("CODINGIT_OUTPUT_LIMIT_BYTES", str(1024 * 1024)))
TRUNCATION_MARKER = "\n[output truncated: more than {} bytes on {} in this cell]\n"

# Protocol channels first, before anything can print.
_requests = os.fdopen(os.dup(0), "rb", buffering=0)
_events_fd = os.dup(1)
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
os.close(_devnull)

_outgoing = queue.SimpleQueue()


def _write_events():
    # The only thread that writes the protocol fd; signal handlers never run here, so a line is never cut.
    while True:
        line = _outgoing.get()
        view = memoryview(line)
        while view:
            written = os.write(_events_fd, view)
            view = view[written:]


def emit(event):
    _outgoing.put((json.dumps(event, ensure_ascii=False, default=str) + "\n").encode("utf-8"))


threading.Thread(target=_write_events, name="codingit-events", daemon=True).start()


class Cell:
    """The cell being executed; output is counted against its limits."""

    current_id = None
    _sent = {"stdout": 0, "stderr": 0}
    _lock = threading.Lock()

    @classmethod
    def begin(cls, cell_id):
        with cls._lock:
            cls.current_id = cell_id
            cls._sent = {"stdout": 0, "stderr": 0}

    @classmethod
    def output(cls, stream, text):
        if not text:
            return
        with cls._lock:
            sent = cls._sent[stream]
            if sent > OUTPUT_LIMIT:
                return
            size = len(text.encode("utf-8", "replace"))
            if sent + size > OUTPUT_LIMIT:
                keep = text.encode("utf-8", "replace")[: OUTPUT_LIMIT - sent].decode("utf-8", "ignore")
                text = keep + TRUNCATION_MARKER.format(OUTPUT_LIMIT, stream)
                size = OUTPUT_LIMIT + 1
            cls._sent[stream] = sent + size
            emit({"type": stream, "id": cls.current_id, "text": text})


class CapturedStream:
    """sys.stdout / sys.stderr for user code: writes become events at once."""

    def __init__(self, stream):
        self.stream = stream
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text):
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        Cell.output(self.stream, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def fileno(self):
        return 1 if self.stream == "stdout" else 2


class FdPipe:
    """Output written straight to fd 1 or 2 (subprocesses, C libraries), read back into events."""

    def __init__(self, fd, stream):
        self.stream = stream
        read_end, write_end = os.pipe()
        os.dup2(write_end, fd)
        os.close(write_end)
        os.set_blocking(read_end, False)
        self.read_end = read_end
        self.lock = threading.Lock()
        threading.Thread(target=self._pump, name="codingit-" + stream, daemon=True).start()

    def _pump(self):
        while True:
            select.select([self.read_end], [], [])
            self.drain()

    def drain(self):
        with self.lock:
            while True:
                try:
                    chunk = os.read(self.read_end, 65536)
                except BlockingIOError:
                    return
                if not chunk:
                    return
                Cell.output(self.stream, chunk.decode("utf-8", "replace"))


_pipes = [FdPipe(1, "stdout"), FdPipe(2, "stderr")]
sys.stdout = CapturedStream("stdout")
sys.stderr = CapturedStream("stderr")
sys.stdin = open(os.devnull)



def _ipython_package_without_front_end():
    """Sets up the IPython package without running its __init__ until a name of it is used.

    IPython/__init__.py imports the terminal front end (prompt_toolkit, IPython.terminal.*): about a quarter
    of the driver's start-up CPU (python3 -X importtime), paid once per sandbox, and this driver never uses
    it. Submodules (IPython.core, IPython.display, ...) import as usual; the first use of any other name
    (IPython.__version__, IPython.embed, a star import) runs the real __init__ into the same module, so user
    code sees the package it always did.
    """
    import importlib
    import importlib.util
    if "IPython" in sys.modules:
        return
    spec = importlib.util.find_spec("IPython")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # the imports below then fail with Python's own message
    package = importlib.util.module_from_spec(spec)

    def __getattr__(name):
        if "__getattr__" in package.__dict__:
            if not name.startswith("_") and importlib.util.find_spec("IPython." + name) is not None:
                return importlib.import_module("IPython." + name)
            del package.__dict__["__getattr__"]
            spec.loader.exec_module(package)
        try:
            return package.__dict__[name]
        except KeyError:
            raise AttributeError("module 'IPython' has no attribute " + repr(name)) from None

    package.__getattr__ = __getattr__
    sys.modules["IPython"] = package
    from IPython.core.getipython import get_ipython
    package.get_ipython = get_ipython  # what IPython's own modules import from the package


_ipython_package_without_front_end()
# IPython's completer imports jedi when it can (another tenth of the start-up); this driver completes nothing.
# Blocked only while the shell's modules load: user code imports jedi as usual.
_jedi = sys.modules.get("jedi", False)
sys.modules["jedi"] = None
try:
    from IPython.core.displayhook import DisplayHook  # noqa: E402
    from IPython.core.displaypub import DisplayPublisher  # noqa: E402
    from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
    from traitlets.config import Config  # noqa: E402
finally:
    if _jedi is False:
        del sys.modules["jedi"]
    else:
        sys.modules["jedi"] = _jedi


# Values of these exact types have only a text/plain representation unless someone registered a
# formatter for them; computing all of IPython's formatters for them costs more than the rest of a cell.
_PLAIN_TYPES = frozenset([int, float, complex, bool, str, bytes, type(None)])


class ResultDisplayHook(DisplayHook):
    """The value of a cell's last expression: the main result."""

    def compute_format_data(self, result):
        kind = type(result)
        if kind in _PLAIN_TYPES and not _has_registered_formatter(self.shell.display_formatter, kind):
            return {"text/plain": self.shell.display_formatter.formatters["text/plain"](result)}, {}
        return super().compute_format_data(result)

    def start_displayhook(self):
        pass

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        emit({"type": "result", "id": Cell.current_id, "bundle": format_dict, "main": True})

    def finish_displayhook(self):
        pass


def _has_registered_formatter(display_formatter, kind):
    deferred_key = (kind.__module__, kind.__name__)
    for mime, formatter in display_formatter.formatters.items():
        if mime == "text/plain" or not formatter.enabled:
            continue
        if kind in formatter.type_printers or deferred_key in formatter.deferred_printers:
            return True
    return False


class ResultPublisher(DisplayPublisher):
    """display(), plt.show() and inline figures: results that are not the main one."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        emit({"type": "result", "id": Cell.current_id, "bundle": data, "main": False})

    def clear_output(self, wait=False):
        pass


class SandboxShell(InteractiveShell):
    displayhook_class = ResultDisplayHook
    display_pub_class = ResultPublisher

    def enable_gui(self, gui=None):
        # No GUI event loop in a sandbox: figures are delivered inline.
        pass

    def _showtraceback(self, etype, evalue, stb):
        emit({
            "type": "error",
            "id": Cell.current_id,
            "name": getattr(etype, "__name__", str(etype)),
            "value": str(evalue),
            "traceback": stb,
        })


def _shell_config():
    config = Config()
    # No history database: the home belongs to the user, and a sandbox's history is not kept.
    config.HistoryManager.enabled = False
    config.HistoryManager.hist_file = ":memory:"
    return config


shell = SandboxShell.instance(config=_shell_config(), colors="NoColor")

_executing = False
_cells = queue.SimpleQueue()
_state = threading.Lock()


def _on_sigint(signum, frame):
    # Only a running cell is interrupted; a late interrupt between cells is dropped.
    if _executing:
        raise KeyboardInterrupt


signal.signal(signal.SIGINT, _on_sigint)


def _read_requests():
    for line in _requests:
        request = json.loads(line)
        if request["type"] == "execute":
            _cells.put(request)
        elif request["type"] == "interrupt":
            with _state:
                if Cell.current_id == request["id"] and _executing:
                    os.kill(os.getpid(), signal.SIGINT)
    _cells.put(None)


threading.Thread(target=_read_requests, name="codingit-requests", daemon=True).start()


def _run(request):
    global _executing
    with _state:
        Cell.begin(request["id"])
        _executing = True
    try:
        result = shell.run_cell(request["code"], store_history=True)
        _executing = False
    except KeyboardInterrupt:
        # Raised outside the user's code (IPython's own bookkeeping); still a clean interrupt.
        _executing = False
        emit({"type": "error", "id": request["id"], "name": "KeyboardInterrupt", "value": "", "traceback": []})
        result = None
    with _state:
        _executing = False
    for pipe in _pipes:
        pipe.drain()
    count = result.execution_count if result is not None else shell.execution_count
    emit({"type": "end", "id": request["id"], "executionCount": count})


emit({"type": "ready"})
while True:
    try:
        request = _cells.get()
    except KeyboardInterrupt:
        continue
    if request is None:
        break
    _run(request)
os._exit(0)
