package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// delegatedCgroup makes a cgroup for the test as the server makes one for a sandbox: the pids hierarchy
// under cgroup v1, the unified one under v2. It needs root; under CI=true its absence is a failure.
func delegatedCgroup(t *testing.T) *cgroupTree {
	t.Helper()
	name := fmt.Sprintf("codingit-agent-test-%d", os.Getpid())
	for _, parent := range []string{"/sys/fs/cgroup/pids", "/sys/fs/cgroup"} {
		if _, err := os.Stat(filepath.Join(parent, "cgroup.procs")); err != nil {
			continue
		}
		dir := filepath.Join(parent, name)
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			continue
		}
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		if err != nil {
			continue
		}
		tree, err := openDelegatedCgroups([]int{fd})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			// a failing run leaves its commands in their groups: killed here, not left on the machine
			subgroups, _ := os.ReadDir(dir)
			for _, g := range subgroups {
				if g.IsDir() {
					tree.killAll(g.Name())
				}
			}
			syscall.Close(fd)
			os.Remove(dir)
		})
		return tree
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no writable cgroup (pids under v1, or v2): the agent tests run as root on a cgroup file system")
	}
	t.Skip("no writable cgroup: run as root to test the cgroup tree kill")
	return nil
}

// A kill that arrives while the command's shim has not yet joined its cgroup found the group empty,
// removed nothing (the shim joined in between) and gave up: the command then ran on, unkillable.
func TestKillRightAfterStartLeavesNothingWithADelegatedCgroup(t *testing.T) {
	ta := startAgentWith(t, delegatedCgroup(t))
	base := 40000 + os.Getpid()%10000*3
	for i := 0; i < 150; i++ {
		first, second := strconv.Itoa(base+i*2), strconv.Itoa(base+i*2+1)
		started := ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"bash", "-c", "sleep " + first + " & sleep " + second}}, 201)
		if i%2 == 1 {
			// the other half leaves the command time to start its children first
			time.Sleep(time.Duration(i%5) * time.Millisecond)
		}
		state := ta.json("DELETE", "/v1/commands/"+started["id"].(string), nil, 200)
		if state["running"] != false {
			t.Fatalf("iteration %d: still running after DELETE: %v", i, state)
		}
		if left := processesWithArgs("sleep "+first, "sleep "+second); len(left) > 0 {
			t.Fatalf("iteration %d: the command's processes outlived its DELETE: %v", i, left)
		}
	}
}

// processesWithArgs lists the live processes whose command line is one of args.
func processesWithArgs(args ...string) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(raw) == 0 {
			continue // gone, or a zombie (which has no command line)
		}
		line := strings.TrimRight(strings.ReplaceAll(string(raw), "\x00", " "), " ")
		for _, a := range args {
			if line == a {
				syscall.Kill(mustAtoi(e.Name()), syscall.SIGKILL) // never left behind by a failing run
				found = append(found, e.Name()+": "+line)
			}
		}
	}
	return found
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
