/*
 * The filter's cost with the machine's noise cancelled: two child processes run the same blocks of
 * system calls in turn, many times, each timing only its own blocks: one unfiltered, one under the
 * sandbox's filter (what the agent and every command it starts have). A block is short (a few ms),
 * so a burst of load from the rest of the machine hits both alike.
 * Usage: interleaved <sandbox.bpf> [blocks]   (prints ns per call and ratios)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CALLS 2000
enum { STAT, OPEN, FORK, KINDS };
#define V 2 /* variants: unfiltered, filtered */

static void load(const char *path) {
    static unsigned char buf[65536];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
    struct sock_fprog prog = { (unsigned short) (n / 8), (struct sock_filter *) buf };
    if (n <= 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
        perror(path);
        exit(1);
    }
    close(fd);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double block(int kind) {
    struct stat st;
    double t = now();
    int n = kind == FORK ? CALLS / 100 : CALLS;
    for (int i = 0; i < n; i++) {
        if (kind == STAT) {
            stat("/usr/bin/true", &st);
        } else if (kind == OPEN) {
            close(open("/usr/bin/true", O_RDONLY));
        } else {
            pid_t pid = fork();
            if (pid == 0) {
                execl("/usr/bin/true", "true", (char *) NULL);
                _exit(127);
            }
            waitpid(pid, NULL, 0);
        }
    }
    return (now() - t) / n;
}

/* A child waits for a byte naming the kind, runs one block, answers with its time. */
static void serve(int in, int out) {
    unsigned char kind;
    while (read(in, &kind, 1) == 1) {
        double t = block(kind);
        write(out, &t, sizeof t);
    }
    exit(0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: interleaved sandbox.bpf [blocks]\n");
        return 2;
    }
    int blocks = argc > 2 ? atoi(argv[2]) : 200;
    const char *names[] = {"unfiltered", "the sandbox's filter"};
    int to[V][2], from[V][2];
    for (int v = 0; v < V; v++) {
        pipe(to[v]);
        pipe(from[v]);
        if (fork() == 0) {
            if (v == 1) load(argv[1]);
            serve(to[v][0], from[v][1]);
        }
    }
    double total[V][KINDS] = {{0}};
    for (int b = 0; b < blocks; b++) {
        for (unsigned char kind = 0; kind < KINDS; kind++) {
            for (int v = 0; v < V; v++) {
                int w = (v + b) % V; /* rotate who goes first */
                double t;
                write(to[w][1], &kind, 1);
                read(from[w][0], &t, sizeof t);
                total[w][kind] += t;
            }
        }
    }
    const char *kinds[] = {"stat ns", "open+close ns", "fork+exec+wait us"};
    for (int v = 0; v < V; v++) {
        printf("%-32s", names[v]);
        for (int k = 0; k < KINDS; k++) {
            double mean = total[v][k] / blocks / (k == FORK ? 1000 : 1);
            double base = total[0][k] / blocks / (k == FORK ? 1000 : 1);
            printf("  %s %8.1f (%.3fx)", kinds[k], mean, mean / base);
        }
        printf("\n");
    }
    return 0;
}
