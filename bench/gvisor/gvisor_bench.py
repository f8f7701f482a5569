"""The spike: gVisor (runsc, ptrace platform) beside bubblewrap by hand, in one run, alternating (issue 22,
part 2). The provider's own figures at both levels come from GvisorBench.java (README.md).

Both sandboxes have the same layout as the local provider's: /usr, /etc read-only, a private /tmp,
a writable home owned by the sandbox uid, no network, and a resident first process that commands
enter: bubblewrap + `nsenter` per command (today's namespaces level), `runsc run --detach` +
`runsc exec` per command (what a gvisor level would do). Measured: create + first command (`true`),
a `1+1` in Python, and `import pandas`. Median of N rounds; the gVisor factor against bubblewrap.
Run as root: python3 bench/gvisor/gvisor_bench.py [rounds]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

UID = 61000
RUNSC = ["runsc", "--network=none", "--platform=ptrace", "--ignore-cgroups"]


def timed(argv, **kw):
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{argv[:3]}... exited {r.returncode}: {r.stderr.decode()[-400:]}")
    return time.perf_counter() - t


class Bubblewrap:
    def __init__(self, work):
        self.home = os.path.join(work, "bwrap-home")

    def create(self):
        os.makedirs(self.home, exist_ok=True)
        os.chown(self.home, UID, UID)
        argv = ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", "bwrap", "--unshare-all",
                "--unshare-user", "--uid", "1000", "--gid", "1000", "--disable-userns", "--die-with-parent",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64", "--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev",
                "--tmpfs", "/tmp", "--bind", self.home, "/home/user", "--chdir", "/home/user",
                "--cap-drop", "ALL", "--", "/usr/bin/sleep", "infinity"]
        self.holder = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:  # bubblewrap's init, once its child runs the program (as the provider waits)
            children = self.children(self.holder.pid)
            if children and self.children(children[0]):
                self.init = children[0]
                return
            time.sleep(0.001)

    @staticmethod
    def children(pid):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return f.read().split()
        except FileNotFoundError:
            return []

    def exec(self, *argv):
        return ["nsenter", "--target", self.init, "--user", "--mount", "--pid", "--ipc", "--uts", "--net",
                "--setuid", "1000", "--setgid", "1000", "--wdns=/home/user", "--", "setpriv", "--no-new-privs",
                "--", *argv]

    def destroy(self):
        self.holder.kill()
        self.holder.wait()


class Gvisor:
    def __init__(self, work):
        self.work = work
        self.state = os.path.join(work, "runsc-state")
        self.bundle = os.path.join(work, "bundle")
        self.home = os.path.join(work, "runsc-home")
        self.count = 0

    def create(self):
        self.count += 1
        self.id = f"bench{self.count}"
        os.makedirs(os.path.join(self.bundle, "rootfs"), exist_ok=True)
        os.makedirs(self.home, exist_ok=True)
        os.chown(self.home, UID, UID)
        bind = lambda src, dst, mode: {"destination": dst, "type": "bind", "source": src, "options": ["rbind", mode]}
        spec = {
            "ociVersion": "1.0.2",
            "process": {"user": {"uid": UID, "gid": UID}, "args": ["/usr/bin/sleep", "infinity"],
                        "env": ["HOME=/home/user", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "MPLBACKEND=Agg"],
                        "cwd": "/home/user", "noNewPrivileges": True,
                        "capabilities": {k: [] for k in ("bounding", "effective", "inheritable", "permitted", "ambient")}},
            "root": {"path": "rootfs", "readonly": True},
            "hostname": "sandbox",
            "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                       {"destination": "/dev", "type": "tmpfs", "source": "tmpfs"},
                       {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"},
                       bind("/usr", "/usr", "ro"), bind("/usr/bin", "/bin", "ro"), bind("/usr/lib", "/lib", "ro"),
                       bind("/usr/lib64", "/lib64", "ro"), bind("/etc", "/etc", "ro"),
                       bind(self.home, "/home/user", "rw")],
            "linux": {"namespaces": [{"type": t} for t in ("pid", "ipc", "uts", "mount", "network")]},
        }
        with open(os.path.join(self.bundle, "config.json"), "w") as f:
            json.dump(spec, f)
        subprocess.run([*RUNSC, "--root", self.state, "run", "--detach", "--bundle", self.bundle, self.id],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    def exec(self, *argv):
        return [*RUNSC, "--root", self.state, "exec", "--user", f"{UID}:{UID}", "--cwd", "/home/user", self.id, *argv]

    def destroy(self):
        subprocess.run([*RUNSC, "--root", self.state, "delete", "--force", self.id],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    work = tempfile.mkdtemp(prefix="codingit-gvisor-bench-")
    os.chmod(work, 0o711)
    levels = {"bubblewrap": Bubblewrap(work), "gvisor": Gvisor(work)}
    figures = {name: {"create + first command": [], "python3 -c 1+1": [], "import pandas": []} for name in levels}
    try:
        for _ in range(rounds):
            for name, level in levels.items():
                t = time.perf_counter()
                level.create()
                timed(level.exec("true"))
                figures[name]["create + first command"].append(time.perf_counter() - t)
                figures[name]["python3 -c 1+1"].append(timed(level.exec("python3", "-c", "print(1+1)")))
                figures[name]["import pandas"].append(timed(level.exec("python3", "-c", "import pandas")))
                level.destroy()
    finally:
        for level in levels.values():
            try:
                level.destroy()
            except Exception:
                pass
        shutil.rmtree(work, ignore_errors=True)
    print(f"median of {rounds} rounds, seconds; factor = gvisor / bubblewrap")
    for what in figures["bubblewrap"]:
        b = statistics.median(figures["bubblewrap"][what])
        g = statistics.median(figures["gvisor"][what])
        print(f"{what:24s} bubblewrap {b:7.3f}   gvisor {g:7.3f}   factor {g / b:5.1f}x")


if __name__ == "__main__":
    main()
