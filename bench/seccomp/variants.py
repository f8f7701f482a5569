"""
Builds the seccomp programs the interleaved benchmark compares, from the sandbox's own policy
(src/main/resources/io/codingit/sandbox/local/seccomp-filter.py) with Debian's python3-seccomp:
  tree.bpf      the sandbox's filter as built (a binary search over syscall numbers, CTL_OPTIMIZE 2)
  linear.bpf    the same rules as libseccomp's default linear list (CTL_OPTIMIZE 1)
  priority.bpf  linear, with the calls of the loop and other frequent ones given priority (tested first)
  allow.bpf     a filter that allows everything (the architecture check only): the cost of having any
                filter at all, which no policy can go below
Usage: variants.py POLICY.py DIRECTORY
"""
import importlib.util
import sys

import seccomp

FREQUENT = ["read", "write", "close", "openat", "newfstatat", "fstat", "stat", "lseek", "mmap", "munmap",
            "futex", "epoll_wait", "wait4", "clone", "execve", "brk", "rt_sigaction", "rt_sigprocmask"]


def main(policy_path, directory):
    spec = importlib.util.spec_from_file_location("policy", policy_path)
    policy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(policy)
    architecture = policy.native_architecture()
    allowed = [n for n in policy.ALLOWED + policy.ARCHITECTURE_ALLOWED[architecture] if policy.known(n)]

    policy.write(policy.allow_list(allowed), directory + "/tree.bpf")
    linear = policy.allow_list(allowed)
    linear.set_attr(seccomp.Attr.CTL_OPTIMIZE, 1)
    policy.write(linear, directory + "/linear.bpf")
    prioritised = policy.allow_list(allowed)
    prioritised.set_attr(seccomp.Attr.CTL_OPTIMIZE, 1)
    for rank, name in enumerate(FREQUENT):
        if policy.known(name):
            prioritised.syscall_priority(name, 255 - rank)
    policy.write(prioritised, directory + "/priority.bpf")
    everything = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    everything.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    policy.write(everything, directory + "/allow.bpf")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
