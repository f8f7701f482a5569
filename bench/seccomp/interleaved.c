/*
 * The filter's cost with the machine's noise cancelled. One child process per variant (unfiltered, or under a
 * seccomp program) runs the same short blocks of system calls, in turn, many rounds, the order rotating every
 * round; each times only its own blocks, in wall time and in CPU time:
 *  - CPU time (CLOCK_THREAD_CPUTIME_ID, plus the children's CPU time for fork+exec) counts only the time the
 *    process was on a CPU, so the time it waited while the rest of a loaded machine ran is not in it;
 *  - every round gives each variant's ratio to the unfiltered one measured in the same round, and the figure
 *    is the median of those ratios (with the quartiles), so a burst of load hits both sides of a ratio alike.
 * This machine has no hardware counters (perf stat: instructions and cycles "not supported"), so CPU time is
 * the most load-independent measure available.
 * Usage: interleaved <blocks> none|<name>=<program.bpf> ...   (the first variant is the baseline)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CALLS 2000
#define MAXV 8
enum { STAT, OPEN, FORK, KINDS };
static const char *KIND_NAMES[] = {"stat", "open+close", "fork+exec+wait"};

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

static double clock_ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double children_cpu_ns(void) {
    struct rusage u;
    getrusage(RUSAGE_CHILDREN, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e9 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e3;
}

/* One block; out[0] wall ns per call, out[1] CPU ns per call (the children's included for fork+exec). */
static void block(int kind, double out[2]) {
    struct stat st;
    int n = kind == FORK ? CALLS / 100 : CALLS;
    double wall = clock_ns(CLOCK_MONOTONIC), cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID), kids = children_cpu_ns();
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
    out[0] = (clock_ns(CLOCK_MONOTONIC) - wall) / n;
    out[1] = (clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu + children_cpu_ns() - kids) / n;
}

/* A child waits for a byte naming the kind, runs one block, answers with its two times. */
static void serve(int in, int out) {
    unsigned char kind;
    double t[2];
    while (read(in, &kind, 1) == 1) {
        block(kind, t);
        if (write(out, t, sizeof t) != sizeof t) {
            exit(1);
        }
    }
    exit(0);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n values (sorts them). */
static double quantile(double *v, int n, double q) {
    qsort(v, n, sizeof *v, compare);
    return v[(int) (q * (n - 1) + 0.5)];
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: interleaved <blocks> none|<name>=<program.bpf> ...\n");
        return 2;
    }
    int blocks = atoi(argv[1]);
    int variants = argc - 2 > MAXV ? MAXV : argc - 2;
    const char *names[MAXV];
    int to[MAXV][2], from[MAXV][2];
    pid_t children[MAXV];
    for (int v = 0; v < variants; v++) {
        char *spec = argv[v + 2];
        char *eq = strchr(spec, '=');
        names[v] = spec;
        if (pipe(to[v]) || pipe(from[v])) {
            perror("pipe");
            return 1;
        }
        if ((children[v] = fork()) == 0) {
            if (eq != NULL) {
                *eq = '\0';
                load(eq + 1);
            }
            serve(to[v][0], from[v][1]);
        }
        if (eq != NULL) {
            *eq = '\0';
        }
    }
    /* [kind][variant][round][wall, cpu] */
    double (*t)[MAXV][blocks][2] = calloc(KINDS, sizeof *t);
    for (int round = 0; round < blocks; round++) {
        for (int kind = 0; kind < KINDS; kind++) {
            for (int i = 0; i < variants; i++) {
                int v = (round + kind + i) % variants;
                unsigned char k = (unsigned char) kind;
                if (write(to[v][1], &k, 1) != 1 || read(from[v][0], t[kind][v][round], sizeof t[kind][v][round])
                        != sizeof t[kind][v][round]) {
                    fprintf(stderr, "variant %s stopped\n", names[v]);
                    return 1;
                }
            }
        }
    }
    double *a = malloc(blocks * sizeof *a), *r = malloc(blocks * sizeof *r);
    printf("%d rounds of blocks of %d calls (fork+exec+wait: %d), variants in rotating order\n", blocks, CALLS,
           CALLS / 100);
    for (int kind = 0; kind < KINDS; kind++) {
        for (int v = 0; v < variants; v++) {
            printf("%-15s %-24s", KIND_NAMES[kind], names[v]);
            for (int m = 0; m < 2; m++) {
                for (int i = 0; i < blocks; i++) {
                    a[i] = t[kind][v][i][m];
                    r[i] = t[kind][v][i][m] / t[kind][0][i][m];
                }
                double median = quantile(a, blocks, 0.5);
                printf("  %s %9.1f ns", m ? "cpu" : "wall", median);
                if (v > 0) {
                    double q1 = quantile(r, blocks, 0.25), q2 = quantile(r, blocks, 0.5), q3 = quantile(r, blocks, 0.75);
                    printf(" (%.3fx, quartiles %.3f-%.3f)", q2, q1, q3);
                }
            }
            printf("\n");
        }
    }
    /* the children also hold each other's pipes, so they would never read an end: stop them */
    for (int v = 0; v < variants; v++) {
        kill(children[v], SIGKILL);
        waitpid(children[v], NULL, 0);
    }
    return 0;
}
