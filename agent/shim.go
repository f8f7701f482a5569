package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Every command's main process starts as a shim: the agent binary re-executed, which joins the command's
// cgroup before anything of the command runs (so nothing it starts can be missed by the tree kill), then
// replaces itself with the program. Joining a cgroup is slow on the kernel's side (a migration waits for an
// RCU grace period, 5-10 ms after an idle spell), and so is a Go runtime's start, so for pipe commands the
// agent keeps one shim started ahead ("ready"): already in a fresh cgroup of its own, blocked reading its
// control socket. A command then only sends it argv, environment, directory and whether it has input.
const (
	shimArg          = "__exec"  // codingit-agent __exec N argv...: join the N cgroups on fds 3.., exec argv
	readyShimArg     = "__ready" // codingit-agent __ready N: join, then wait for the command on fd 3+N
	commandNotFound  = 127
	commandNotUsable = 126
	// readyShimStart bounds the wait for a ready shim's start; one that takes longer is discarded
	readyShimStart = 10 * time.Second
)

// isShim tells whether the process arguments start a command's shim rather than the agent.
func isShim(args []string) bool {
	return len(args) > 1 && (args[1] == shimArg || args[1] == readyShimArg)
}

// shimRequest is what the agent sends a ready shim on its control socket (JSON, then end of stream).
// It holds nothing the command would not see itself: no secret ever passes through a shim.
type shimRequest struct {
	Argv  []string `json:"argv"`
	Env   []string `json:"env"`
	Dir   string   `json:"dir"`
	Stdin bool     `json:"stdin"`
}

// runShim runs the shim (args are the process arguments after the program's name); it never returns.
func runShim(args []string) {
	// while it waits, a ready shim holds the control socket that the next command's request comes through:
	// code of the same uid must not take it (the program's exec makes the process dumpable again)
	_ = setNotDumpable()
	if len(args) < 2 {
		os.Exit(commandNotUsable)
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 0 {
		os.Exit(commandNotUsable)
	}
	for i := 0; i < n; i++ {
		f := os.NewFile(uintptr(3+i), "cgroup.procs")
		if _, err := f.Write([]byte("0")); err != nil {
			fmt.Fprintln(os.Stderr, "codingit-agent: could not join the command's cgroup:", err)
			os.Exit(commandNotUsable)
		}
		f.Close()
	}
	if args[0] == shimArg {
		if len(args) < 3 {
			os.Exit(commandNotUsable)
		}
		execProgram(args[2:], os.Environ())
	}
	runReadyShim(3 + n)
}

// runReadyShim tells the agent it is ready (one byte), reads the command's request until the agent closes
// its end, and runs it. An end without a request means the agent let it go (shut down, or died): it exits.
func runReadyShim(control int) {
	syscall.CloseOnExec(control)
	if _, err := syscall.Write(control, []byte{'r'}); err != nil {
		os.Exit(commandNotUsable)
	}
	var data []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.Read(control, buf)
		if err == syscall.EINTR {
			continue
		}
		if n <= 0 {
			break
		}
		data = append(data, buf[:n]...)
	}
	syscall.Close(control)
	var req shimRequest
	if json.Unmarshal(data, &req) != nil || len(req.Argv) == 0 {
		os.Exit(commandNotUsable)
	}
	if !req.Stdin {
		// a command without input reads /dev/null, as one started by os/exec with no Stdin does
		if fd, err := syscall.Open(os.DevNull, syscall.O_RDONLY, 0); err == nil {
			syscall.Dup2(fd, 0)
			syscall.Close(fd)
		}
	}
	if err := syscall.Chdir(req.Dir); err != nil {
		fmt.Fprintf(os.Stderr, "codingit-agent: cannot enter %s: %v\n", req.Dir, err)
		os.Exit(commandNotUsable)
	}
	// the program is looked up on the command's own PATH
	os.Clearenv()
	for _, kv := range req.Env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			os.Setenv(k, v)
		}
	}
	execProgram(req.Argv, req.Env)
}

// execProgram replaces the shim with the program, found on PATH, or exits as a shell would: 127 when
// there is no such program, 126 when it cannot be executed.
func execProgram(argv, env []string) {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: command not found\n", argv[0])
		os.Exit(commandNotFound)
	}
	err = syscall.Exec(path, argv, env)
	fmt.Fprintf(os.Stderr, "%s: %v\n", argv[0], err)
	os.Exit(commandNotUsable)
}

// readyShim is a shim started ahead of the next pipe command, with the agent's ends of its pipes.
type readyShim struct {
	group   string // its cgroup's name, "" without delegated cgroups
	process *os.Process
	control *os.File
	stdin   *os.File // write end
	stdout  *os.File // read end
	stderr  *os.File // read end
}

// startReadyShim starts a shim in the fresh cgroup group and waits until it has joined it.
func (t *commandTable) startReadyShim(group string) (s *readyShim, err error) {
	s = &readyShim{group: group}
	var childEnds []*os.File
	defer func() {
		closeAll(childEnds)
		if err != nil {
			s.discard(t)
			s = nil
		}
	}()
	var procs []*os.File
	if t.cgroups != nil {
		if procs, err = t.cgroups.create(group); err != nil {
			return s, err
		}
		childEnds = append(childEnds, procs...)
	}
	// the agent's end is non-blocking (a deadline applies to the wait), the shim's blocking: two descriptions
	pair, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return s, err
	}
	syscall.SetNonblock(pair[0], true)
	s.control = os.NewFile(uintptr(pair[0]), "shim control")
	shimEnd := os.NewFile(uintptr(pair[1]), "shim control")
	childEnds = append(childEnds, shimEnd)
	var stdinR, stdoutW, stderrW *os.File
	if stdinR, s.stdin, err = os.Pipe(); err != nil {
		return s, err
	}
	childEnds = append(childEnds, stdinR)
	if s.stdout, stdoutW, err = os.Pipe(); err != nil {
		return s, err
	}
	childEnds = append(childEnds, stdoutW)
	if s.stderr, stderrW, err = os.Pipe(); err != nil {
		return s, err
	}
	childEnds = append(childEnds, stderrW)
	// an empty environment: the agent's own stays with the agent; the command's arrives with the request
	cmd := &exec.Cmd{Path: t.self, Args: []string{"codingit-agent", readyShimArg, strconv.Itoa(len(procs))}, Env: []string{},
		Stdin: stdinR, Stdout: stdoutW, Stderr: stderrW, ExtraFiles: append(procs, shimEnd),
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true}}
	if err = cmd.Start(); err != nil {
		return s, err
	}
	s.process = cmd.Process
	closeAll(childEnds)
	childEnds = nil
	s.control.SetReadDeadline(time.Now().Add(readyShimStart))
	if _, err = s.control.Read(make([]byte, 1)); err != nil {
		return s, fmt.Errorf("the shim did not get ready: %w", err)
	}
	return s, nil
}

// handOut gives the ready shim its command. An error means the shim is gone (killed while it waited).
func (s *readyShim) handOut(argv, env []string, dir string, stdin bool) error {
	data, err := json.Marshal(shimRequest{Argv: argv, Env: env, Dir: dir, Stdin: stdin})
	if err != nil {
		return err
	}
	s.control.SetWriteDeadline(time.Now().Add(readyShimStart))
	if _, err := s.control.Write(data); err != nil {
		return err
	}
	return s.control.Close()
}

// discard kills a shim that serves no command (agent shutdown, or a failed start) and removes its cgroup.
func (s *readyShim) discard(t *commandTable) {
	closeAll([]*os.File{s.control, s.stdin, s.stdout, s.stderr})
	if s.process != nil {
		s.process.Kill()
		s.process.Wait()
	}
	if t.cgroups != nil {
		t.cgroups.killAll(s.group)
	}
}

// takeReadyShim hands out the ready shim, if there is one (the caller then has the next one prepared).
func (t *commandTable) takeReadyShim() *readyShim {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.ready
	t.ready = nil
	return s
}

// prepareShim starts preparing the next ready shim in the background, unless one is ready or on its way.
func (t *commandTable) prepareShim() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.ready != nil || t.preparing {
		return
	}
	t.preparing = true
	t.nextShim++
	group := "r" + strconv.Itoa(t.nextShim)
	go func() {
		s, err := t.startReadyShim(group)
		t.mu.Lock()
		t.preparing = false
		keep := err == nil && !t.closed
		if keep {
			t.ready = s
		}
		logIt := err != nil && !t.shimFailureLogged
		t.shimFailureLogged = t.shimFailureLogged || logIt
		t.mu.Unlock()
		if logIt {
			fmt.Fprintln(os.Stderr, "codingit-agent: no command shim started ahead (commands start theirs when they start):", err)
		}
		if err == nil && !keep {
			s.discard(t)
		}
	}()
}

// closeReadyShim discards the ready shim for good: no command will come.
func (t *commandTable) closeReadyShim() {
	t.mu.Lock()
	s := t.ready
	t.ready, t.closed = nil, true
	t.mu.Unlock()
	if s != nil {
		s.discard(t)
	}
}
