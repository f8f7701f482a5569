/*
 * The syscall-heavy loop of the seccomp benchmark: stat, open+close, and fork+exec+wait, each timed
 * in CPU time inside the process (CLOCK_PROCESS_CPUTIME_ID, plus the children's for fork+exec) so that
 * only the system calls are measured, not the command's start, nor the time the process waited while
 * the rest of a loaded machine ran. Prints "stat <ns/op> open <ns/op> forkexec <us/op>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* CPU time of this process and of its waited-for children, in ns. */
static double now(void) {
    struct timespec t;
    struct rusage u;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    getrusage(RUSAGE_CHILDREN, &u);
    return t.tv_sec * 1e9 + t.tv_nsec + (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e9
            + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e3;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    long m = argc > 2 ? atol(argv[2]) : 200;
    struct stat st;
    double t0 = now();
    for (long i = 0; i < n; i++) {
        stat("/usr/bin/true", &st);
    }
    double t1 = now();
    for (long i = 0; i < n; i++) {
        close(open("/usr/bin/true", O_RDONLY));
    }
    double t2 = now();
    for (long i = 0; i < m; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            execl("/usr/bin/true", "true", (char *) NULL);
            _exit(127);
        }
        waitpid(pid, NULL, 0);
    }
    double t3 = now();
    printf("stat %.1f open %.1f forkexec %.1f\n", (t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / m / 1000);
    return 0;
}
