package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readyShim waits (bounded) for the shim the agent starts ahead of the next pipe command.
func (ta *testAgent) readyShim() *readyShim {
	ta.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		t := ta.agent.commands
		t.mu.Lock()
		s := t.ready
		t.mu.Unlock()
		if s != nil {
			return s
		}
	}
	ta.t.Fatal("no shim was made ready within 10 s")
	return nil
}

func (ta *testAgent) run(body map[string]any) (stdout, stderr string, exitCode int) {
	ta.t.Helper()
	res := ta.json("POST", "/v1/commands/run", body, 200)
	return res["stdout"].(string), res["stderr"].(string), int(res["exitCode"].(float64))
}

func TestACommandRunsOnTheShimStartedAheadAsItWouldOnItsOwn(t *testing.T) {
	ta := startAgent(t)
	shim := ta.readyShim()
	if health := ta.json("GET", "/v1/health", nil, 200); health["commands"].(float64) != 0 {
		t.Fatalf("the ready shim counts as a command: %v", health)
	}
	// cat is what the shim became: its pid is the shim's, its environment exactly the command's
	out, _, code := ta.run(map[string]any{"argv": []string{"cat", "/proc/self/environ", "/proc/self/stat"},
		"env": map[string]string{"EXTRA": "one two", "LANG": "de_DE.UTF-8"}})
	environ, stat, _ := strings.Cut(out, "\x00"+strconv.Itoa(shim.process.Pid)+" (cat)")
	if code != 0 || stat == "" {
		t.Fatalf("the command did not run as the ready shim %d: exit %d, %q", shim.process.Pid, code, out)
	}
	want := []string{"EXTRA=one two", "LANG=de_DE.UTF-8"}
	for k, v := range defaultEnv() {
		if k == "HOME" {
			v = ta.root
		}
		if k != "LANG" {
			want = append(want, k+"="+v)
		}
	}
	got := strings.Split(environ, "\x00")
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("environment:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// argv, working directory, input, both outputs and the exit code; the next shim is another process
	next := ta.readyShim()
	if next.process.Pid == shim.process.Pid {
		t.Fatal("the shim was handed out twice")
	}
	os.Mkdir(filepath.Join(ta.root, "sub dir"), 0o755)
	out, errOut, code := ta.run(map[string]any{"argv": []string{"bash", "-c", `echo "$0|$1"; echo $$; pwd; cat; echo oops >&2; exit 7`,
		"zero", "one two"}, "cwd": "sub dir", "stdinText": "fed\n"})
	if want := "zero|one two\n" + strconv.Itoa(next.process.Pid) + "\n" + filepath.Join(ta.root, "sub dir") + "\nfed\n"; out != want ||
		errOut != "oops\n" || code != 7 {
		t.Fatalf("got %q %q %d, want %q", out, errOut, code, want)
	}

	// without input the command reads /dev/null; it holds no descriptor but its three streams (ls's 3 is
	// the directory it reads) and those that the agent itself inherited open across exec (from whatever
	// started the test; a sandbox's agent has none)
	ta.readyShim()
	if out, errOut, _ = ta.run(map[string]any{"argv": []string{"readlink", "/proc/self/fd/0"}}); out != "/dev/null\n" {
		t.Fatalf("input of a command without stdin: %q %q", out, errOut)
	}
	ta.readyShim()
	out, errOut, _ = ta.run(map[string]any{"argv": []string{"ls", "/proc/self/fd"}})
	if fds := strings.Fields(out); strings.Join(fds, " ") != strings.Join(keptAcrossExec(3), " ") {
		t.Fatalf("descriptors of a command: %v, want %v (%q)", fds, keptAcrossExec(3), errOut)
	}

	// what a shell answers for a program it cannot find, or cannot execute
	ta.readyShim()
	_, errOut, code = ta.run(map[string]any{"argv": []string{"no-such-program-x"}})
	if code != commandNotFound || errOut != "no-such-program-x: command not found\n" {
		t.Fatalf("missing program: %d %q", code, errOut)
	}
	os.WriteFile(filepath.Join(ta.root, "garbage"), []byte{0, 1, 2, 3}, 0o755)
	ta.readyShim()
	_, errOut, code = ta.run(map[string]any{"argv": []string{"./garbage"}})
	if code != commandNotUsable || !strings.Contains(errOut, "exec format error") {
		t.Fatalf("program that cannot be executed: %d %q", code, errOut)
	}
}

// cgroupOf reads the cgroup (pids under v1, the unified one under v2) of a process, as a directory.
func cgroupOf(t *testing.T, procCgroup string) string {
	t.Helper()
	for _, line := range strings.Split(procCgroup, "\n") {
		if _, path, ok := strings.Cut(line, ":pids:"); ok {
			return filepath.Join("/sys/fs/cgroup/pids", path)
		}
		if strings.HasPrefix(line, "0::") {
			return filepath.Join("/sys/fs/cgroup", strings.TrimPrefix(line, "0::"))
		}
	}
	t.Fatalf("no pids or unified cgroup in %q", procCgroup)
	return ""
}

// The ready shim joins its cgroup before any command arrives; each command gets a fresh one, and
// everything it started (a daemon that double-forked into a session of its own included) dies with it.
func TestAReadyShimWaitsInAFreshCgroupWhoseProcessesDieWithTheCommand(t *testing.T) {
	ta := startAgentWith(t, delegatedCgroup(t))
	daemon := "sleep " + strconv.Itoa(30000+os.Getpid()%10000)
	var groups []string
	for i := 0; i < 2; i++ {
		shim := ta.readyShim()
		waiting, err := os.ReadFile("/proc/" + strconv.Itoa(shim.process.Pid) + "/cgroup")
		if err != nil {
			t.Fatal(err)
		}
		group := cgroupOf(t, string(waiting))
		if filepath.Base(group) != shim.group {
			t.Fatalf("the ready shim waits in %s, not in its own group %s", group, shim.group)
		}
		out, errOut, code := ta.run(map[string]any{"argv": []string{"bash", "-c",
			"cat /proc/self/cgroup; ( setsid " + daemon + " & ); echo pid $$"}})
		if code != 0 || cgroupOf(t, out) != group || !strings.Contains(out, "pid "+strconv.Itoa(shim.process.Pid)+"\n") {
			t.Fatalf("command %d did not run as the ready shim %d in %s: %q %q", i, shim.process.Pid, group, out, errOut)
		}
		if left := processesWithArgs(daemon); len(left) > 0 {
			t.Fatalf("the command's daemon outlived it: %v", left)
		}
		if _, err := os.Stat(group); !os.IsNotExist(err) {
			t.Fatalf("the command's cgroup %s is left: %v", group, err)
		}
		groups = append(groups, group)
	}
	if groups[0] == groups[1] {
		t.Fatalf("two commands shared the cgroup %s", groups[0])
	}
}

func TestShutdownLeavesNoReadyShimAndAnOrphanedOneExits(t *testing.T) {
	ta := startAgentWith(t, delegatedCgroup(t))
	shim := ta.readyShim()
	pid := shim.process.Pid
	waiting, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cgroup")
	group := cgroupOf(t, string(waiting))
	ta.agent.killAll()
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); !os.IsNotExist(err) {
		t.Fatalf("the ready shim %d is left after the agent's shutdown (%v)", pid, err)
	}
	if _, err := os.Stat(group); !os.IsNotExist(err) {
		t.Fatalf("the ready shim's cgroup %s is left: %v", group, err)
	}
	commands := ta.agent.commands
	commands.prepareShim()
	time.Sleep(100 * time.Millisecond)
	commands.mu.Lock()
	defer commands.mu.Unlock()
	if commands.ready != nil || commands.preparing {
		t.Fatal("a shim was made ready after the shutdown")
	}

	// an agent that dies without its shutdown closes the control socket: the shim exits on its own
	other := startAgent(t)
	orphan := other.readyShim()
	other.agent.commands.takeReadyShim()
	orphan.control.Close()
	state, err := orphan.process.Wait()
	if err != nil || state.ExitCode() != commandNotUsable {
		t.Fatalf("an orphaned ready shim: %v %v", state, err)
	}
	orphan.discard(other.agent.commands)
}

// Sandbox code (same uid) may kill the waiting shim: the command then starts on a shim of its own.
func TestAKilledReadyShimIsReplacedByAShimOfTheCommandsOwn(t *testing.T) {
	ta := startAgentWith(t, delegatedCgroup(t))
	shim := ta.readyShim()
	pid := strconv.Itoa(shim.process.Pid)
	syscall.Kill(shim.process.Pid, syscall.SIGKILL)
	// its descriptors are closed once its last thread is gone (its leader may show as a zombie before)
	for {
		threads, _ := os.ReadDir("/proc/" + pid + "/task")
		if len(threads) == 1 && strings.Contains(readFile("/proc/"+pid+"/stat"), ") Z ") {
			break
		}
		time.Sleep(time.Millisecond)
	}
	out, errOut, code := ta.run(map[string]any{"argv": []string{"bash", "-c", "echo $$"}})
	if code != 0 || out == strconv.Itoa(shim.process.Pid)+"\n" || out == "" {
		t.Fatalf("after its ready shim was killed: %q %q %d", out, errOut, code)
	}
	if next := ta.readyShim(); next == shim {
		t.Fatal("the killed shim is still offered")
	}
}

// keptAcrossExec lists, sorted as ls sorts them, the descriptors of this process that an exec keeps (no
// close-on-exec flag), and extra.
func keptAcrossExec(extra ...int) []string {
	kept := map[string]bool{}
	for _, fd := range extra {
		kept[strconv.Itoa(fd)] = true
	}
	entries, _ := os.ReadDir("/proc/self/fdinfo")
	for _, e := range entries {
		for _, line := range strings.Split(readFile("/proc/self/fdinfo/"+e.Name()), "\n") {
			if strings.HasPrefix(line, "flags:") {
				flags := strings.TrimSpace(strings.TrimPrefix(line, "flags:"))
				if f, err := strconv.ParseInt(flags, 8, 64); err == nil && f&syscall.O_CLOEXEC == 0 {
					kept[e.Name()] = true
				}
			}
		}
	}
	var list []string
	for fd := range kept {
		list = append(list, fd)
	}
	sort.Strings(list)
	return list
}

func readFile(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}
