/*
 * The seccomp battery (issue 22): tries each dangerous system call once and prints one line per
 * attempt, "<name> <result>", where result is OK or the errno's name. Arguments are chosen so that
 * without the filter the kernel would often answer something else than EPERM (a bad descriptor, a
 * bad address, or success), which shows that the filter is what refuses. Nothing here can harm the
 * host even where a call succeeds: no capability is held inside a sandbox.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void report(const char *name, long result) {
    printf("%s %s\n", name, result == -1 ? strerrorname_np(errno) : "OK");
}

struct clone_args_v0 { unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; };

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    unsigned char zeros[256] = {0};

    report("io_uring_setup", syscall(SYS_io_uring_setup, 1, zeros));
    report("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0));
    report("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0));
    /* KEYCTL_GET_KEYRING_ID of the session keyring, creating nothing */
    report("keyctl", syscall(SYS_keyctl, 0, -3, 0, 0, 0));
    /* a "user" key in the process keyring */
    report("add_key", syscall(SYS_add_key, "user", "battery", "x", 1, -2));
    report("request_key", syscall(SYS_request_key, "user", "battery", NULL, 0));
    /* UFFD_USER_MODE_ONLY: allowed to unprivileged users by the kernel since 5.11 */
    report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC | 1));
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    report("perf_event_open", syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    report("bpf", syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, zeros, 72));
    report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, zeros, O_RDONLY));
    report("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
    report("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, "", 0));
    /* a mount point that does not exist: harmless even where it is allowed */
    report("mount", mount("none", "/nonexistent-battery", "tmpfs", 0, NULL));
    report("umount2", umount2("/nonexistent-battery", MNT_DETACH));
    report("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
    report("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    report("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
    report("setns", setns(-1, 0));
    long child = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
    if (child == 0) _exit(0);
    report("clone(CLONE_NEWUSER)", child);
    child = syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNET | SIGCHLD, NULL, NULL, NULL, NULL);
    if (child == 0) _exit(0);
    report("clone(CLONE_NEWPID|CLONE_NEWNET)", child);
    struct clone_args_v0 args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_NEWUSER;
    args.exit_signal = SIGCHLD;
    child = syscall(SYS_clone3, &args, sizeof args);
    if (child == 0) _exit(0);
    report("clone3(CLONE_NEWUSER)", child);
    report("pivot_root", syscall(SYS_pivot_root, "/nonexistent", "/nonexistent"));
    report("swapon", syscall(SYS_swapon, "/nonexistent", 0));
    report("swapoff", syscall(SYS_swapoff, "/nonexistent"));
    /* LINUX_REBOOT_CMD_CAD_OFF: the harmless command */
    report("reboot", syscall(SYS_reboot, 0xfee1dead, 672274793, 0, NULL));
    report("init_module", syscall(SYS_init_module, NULL, 0, ""));
    report("finit_module", syscall(SYS_finit_module, -1, "", 0));
    report("delete_module", syscall(SYS_delete_module, "battery", O_NONBLOCK));
    report("clock_settime", syscall(SYS_clock_settime, CLOCK_REALTIME, NULL));
    report("settimeofday", syscall(SYS_settimeofday, NULL, NULL));
    report("personality(ADDR_NO_RANDOMIZE)", personality(PER_LINUX | ADDR_NO_RANDOMIZE));
    report("personality(READ_IMPLIES_EXEC)", personality(PER_LINUX | READ_IMPLIES_EXEC));
    report("iopl", syscall(SYS_iopl, 3));
    report("ioperm", syscall(SYS_ioperm, 0x80, 1, 1));
    /* and what must keep working */
    report("personality(query)", personality(0xffffffff));
    child = syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, NULL);
    if (child == 0) _exit(0);
    report("clone(plain fork)", child > 0 ? 0 : -1);
    return 0;
}
