package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
)

const (
	timeoutExitCode   = 124
	defaultReplay     = 1 << 20
	maxReplay         = 64 << 20
	maxTagLength      = 200
	maxTerminalWindow = 1000
)

type ptySize struct {
	Cols int `json:"cols"`
	Rows int `json:"rows"`
}

func (s ptySize) valid() bool {
	return s.Cols >= 1 && s.Cols <= maxTerminalWindow && s.Rows >= 1 && s.Rows <= maxTerminalWindow
}

type commandRequest struct {
	Argv         []string          `json:"argv"`
	Shell        *string           `json:"shell"`
	Cwd          string            `json:"cwd"`
	Env          map[string]string `json:"env"`
	TimeoutMs    int64             `json:"timeoutMs"`
	Stdin        bool              `json:"stdin"`
	StdinText    *string           `json:"stdinText"`
	Pty          *ptySize          `json:"pty"`
	OutputLimit  int64             `json:"outputLimit"`
	ReplayBytes  int64             `json:"replayBytes"`
	KillOnDetach bool              `json:"killOnDetach"`
	Tag          string            `json:"tag"`
}

type commandState struct {
	ID          string     `json:"id"`
	Argv        []string   `json:"argv"`
	Tag         string     `json:"tag"`
	Pid         int        `json:"pid"`
	Pty         bool       `json:"pty"`
	StartedAt   time.Time  `json:"startedAt"`
	Running     bool       `json:"running"`
	ExitCode    *int       `json:"exitCode"`
	TimedOut    bool       `json:"timedOut"`
	EndedAt     *time.Time `json:"endedAt"`
	OutputBytes int64      `json:"outputBytes"`
}

type command struct {
	id           string
	argv         []string
	tag          string
	startedAt    time.Time
	pid          int
	output       *outputLog
	killOnDetach bool
	done         chan struct{}
	killTree     func()
	// killTreeAfterExit: the command's processes are found by its cgroup, whose name is the command's own, so
	// what it started can still be killed once its main process has ended (a process group's id may be reused)
	killTreeAfterExit bool

	mu           sync.Mutex
	stdin        io.WriteCloser // nil when the command has no stdin
	terminal     *os.File       // the PTY master, nil without a PTY
	attached     int
	timedOut     bool
	exitCode     int
	endedAt      time.Time
	running      bool
	killOnce     sync.Once
	treeIsKilled bool
}

func (c *command) state() commandState {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := commandState{ID: c.id, Argv: c.argv, Tag: c.tag, Pid: c.pid, Pty: c.terminal != nil, StartedAt: c.startedAt,
		Running: c.running, TimedOut: c.timedOut}
	if !c.running {
		code, ended := c.exitCode, c.endedAt
		s.ExitCode, s.EndedAt = &code, &ended
	}
	c.output.mu.Lock()
	s.OutputBytes = c.output.end
	c.output.mu.Unlock()
	return s
}

func (c *command) isRunning() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// kill ends the command and every process it started.
func (c *command) kill() {
	c.killTree()
}

func (c *command) signal(sig syscall.Signal) *apiError {
	if !c.isRunning() {
		return errorf(http.StatusConflict, "conflict", "command %s has ended", c.id)
	}
	if sig == syscall.SIGKILL {
		c.kill()
		return nil
	}
	syscall.Kill(c.pid, sig)
	return nil
}

func (c *command) resize(size ptySize) *apiError {
	if c.terminal == nil {
		return errorf(http.StatusBadRequest, "bad_request", "command %s has no terminal", c.id)
	}
	if !size.valid() {
		return errorf(http.StatusBadRequest, "bad_request", "cols and rows must be 1..%d", maxTerminalWindow)
	}
	pty.Setsize(c.terminal, &pty.Winsize{Cols: uint16(size.Cols), Rows: uint16(size.Rows)})
	return nil
}

func (c *command) writeStdin(p []byte) *apiError {
	c.mu.Lock()
	in := c.stdin
	c.mu.Unlock()
	if in == nil {
		return errorf(http.StatusConflict, "conflict", "command %s takes no input", c.id)
	}
	if _, err := in.Write(p); err != nil {
		return errorf(http.StatusConflict, "conflict", "command %s no longer reads its input", c.id)
	}
	return nil
}

// closeStdin ends the command's input; on a terminal the session gets SIGHUP instead.
func (c *command) closeStdin() {
	c.mu.Lock()
	in, terminal := c.stdin, c.terminal
	if terminal == nil {
		c.stdin = nil
	}
	c.mu.Unlock()
	if terminal != nil {
		syscall.Kill(-c.pid, syscall.SIGHUP)
	} else if in != nil {
		in.Close()
	}
}

var signalNames = map[string]syscall.Signal{"HUP": syscall.SIGHUP, "INT": syscall.SIGINT, "QUIT": syscall.SIGQUIT,
	"KILL": syscall.SIGKILL, "TERM": syscall.SIGTERM, "USR1": syscall.SIGUSR1, "USR2": syscall.SIGUSR2,
	"CONT": syscall.SIGCONT, "STOP": syscall.SIGSTOP, "WINCH": syscall.SIGWINCH}

// commandTable holds live commands and the most recent finished ones.
type commandTable struct {
	cfg     config
	cgroups *cgroupTree
	self    string

	mu    sync.Mutex
	next  int
	order []*command
	live  int
	// the shim started ahead of the next pipe command (shim.go), and its preparation
	ready             *readyShim
	preparing         bool
	closed            bool
	nextShim          int
	shimFailureLogged bool
}

func (t *commandTable) validate(req *commandRequest) ([]string, *apiError) {
	var argv []string
	switch {
	case req.Shell != nil && req.Argv != nil:
		return nil, errorf(http.StatusBadRequest, "bad_request", "give either argv or shell, not both")
	case req.Shell != nil:
		argv = []string{"/bin/bash", "-lc", *req.Shell}
	case len(req.Argv) > 0 && req.Argv[0] != "":
		argv = req.Argv
	default:
		return nil, errorf(http.StatusBadRequest, "bad_request", "argv must not be empty")
	}
	for _, a := range argv {
		if containsNUL(a) {
			return nil, errorf(http.StatusBadRequest, "bad_request", "arguments must not contain NUL")
		}
	}
	for k, v := range req.Env {
		if !validEnvName(k) || containsNUL(v) {
			return nil, errorf(http.StatusBadRequest, "bad_request", "invalid environment variable: %q", k)
		}
	}
	if req.TimeoutMs < 0 || req.OutputLimit < 0 || req.ReplayBytes < 0 || req.ReplayBytes > maxReplay {
		return nil, errorf(http.StatusBadRequest, "bad_request", "timeoutMs, outputLimit and replayBytes must be ≥ 0 (replayBytes ≤ %d)", maxReplay)
	}
	if len(req.Tag) > maxTagLength {
		return nil, errorf(http.StatusBadRequest, "bad_request", "tag may have at most %d characters", maxTagLength)
	}
	if req.Pty != nil && !req.Pty.valid() {
		return nil, errorf(http.StatusBadRequest, "bad_request", "pty cols and rows must be 1..%d", maxTerminalWindow)
	}
	if req.Pty != nil && (req.Stdin || req.StdinText != nil) {
		return nil, errorf(http.StatusBadRequest, "bad_request", "a terminal command takes its input over attach, not stdin/stdinText")
	}
	return argv, nil
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

func (t *commandTable) start(req *commandRequest, resolveDir func(string) (string, *apiError)) (*command, *apiError) {
	argv, apiErr := t.validate(req)
	if apiErr != nil {
		return nil, apiErr
	}
	cwd := t.cfg.root
	if req.Cwd != "" {
		var err *apiError
		if cwd, err = resolveDir(req.Cwd); err != nil {
			return nil, err
		}
	}
	t.mu.Lock()
	if t.live >= t.cfg.maxCommands {
		t.mu.Unlock()
		return nil, errorf(http.StatusTooManyRequests, "too_many", "at most %d commands may run at once", t.cfg.maxCommands)
	}
	t.next++
	t.live++
	id := "c" + strconv.Itoa(t.next)
	t.mu.Unlock()
	c, err := t.spawn(id, argv, cwd, req)
	if err != nil {
		t.mu.Lock()
		t.live--
		t.mu.Unlock()
		return nil, errorf(http.StatusInternalServerError, "internal", "could not start the command: %v", err)
	}
	t.mu.Lock()
	t.order = append(t.order, c)
	t.mu.Unlock()
	return c, nil
}

func (t *commandTable) environment(extra map[string]string) []string {
	merged := map[string]string{}
	for k, v := range t.cfg.env {
		merged[k] = v
	}
	for k, v := range extra {
		merged[k] = v
	}
	env := make([]string, 0, len(merged))
	for k, v := range merged {
		env = append(env, k+"="+v)
	}
	return env
}

// launched is a command's main process as it was started, by either path.
type launched struct {
	process *os.Process
	group   string // the command's cgroup, "" without delegated cgroups
	readers []func()
}

func (t *commandTable) spawn(id string, argv []string, cwd string, req *commandRequest) (*command, error) {
	replay := req.ReplayBytes
	if replay == 0 {
		replay = defaultReplay
	}
	limit := req.OutputLimit
	if limit == 0 {
		limit = t.cfg.outputLimit
	}
	c := &command{id: id, argv: argv, tag: req.Tag, output: newOutputLog(replay, limit), killOnDetach: req.KillOnDetach,
		done: make(chan struct{}), running: true}
	env := t.environment(req.Env)
	var l *launched
	if req.Pty == nil {
		if s := t.takeReadyShim(); s != nil {
			if l = t.launchOnReadyShim(c, s, argv, env, cwd, req); l == nil {
				s.discard(t)
			}
		}
	}
	if l == nil {
		var err error
		if l, err = t.launchShim(c, id, argv, env, cwd, req); err != nil {
			return nil, err
		}
	}
	t.prepareShim() // the next command's, once this one's is out of the way
	c.pid = l.process.Pid
	c.startedAt = time.Now().UTC()
	c.killTreeAfterExit = t.cgroups != nil
	process, group := l.process, l.group
	c.killTree = func() {
		if t.cgroups != nil {
			// The main process is killed first: started, it is the shim, which joins the group only as its first
			// step; a group read before that join is empty, and the shim would then run the command outside any
			// kill. Killed first, it either joined already (and is found below) or never will. os.Process
			// refuses a signal once the process was reaped, so a reused id is never hit.
			process.Signal(syscall.SIGKILL)
			t.cgroups.killAll(group)
		} else {
			killProcessGroup(c.pid)
		}
	}
	var pumps sync.WaitGroup
	for _, r := range l.readers {
		pumps.Add(1)
		go func(read func()) {
			defer pumps.Done()
			read()
		}(r)
	}
	if req.StdinText != nil {
		go func() {
			io.WriteString(c.stdin, *req.StdinText)
			c.closeStdin()
		}()
	}
	var timer *time.Timer
	if req.TimeoutMs > 0 {
		timer = time.AfterFunc(time.Duration(req.TimeoutMs)*time.Millisecond, func() {
			c.mu.Lock()
			c.timedOut = c.running
			c.mu.Unlock()
			c.kill()
		})
	}
	go t.await(c, process, &pumps, timer)
	return c, nil
}

// launchOnReadyShim runs the command on the shim started ahead: its process, process group and cgroup become
// the command's. nil means the shim is gone (the caller discards it and starts the command on a shim of its own).
func (t *commandTable) launchOnReadyShim(c *command, s *readyShim, argv, env []string, cwd string, req *commandRequest) *launched {
	withStdin := req.Stdin || req.StdinText != nil
	if s.handOut(argv, env, cwd, withStdin) != nil {
		return nil
	}
	if withStdin {
		c.stdin = s.stdin
	} else {
		s.stdin.Close()
	}
	out, errs := s.stdout, s.stderr
	return &launched{process: s.process, group: s.group,
		readers: []func(){func() { pump(out, 1, c.output) }, func() { pump(errs, 2, c.output) }}}
}

// launchShim starts the command on a shim of its own, which joins the command's cgroup (named as the command)
// as it starts: for a terminal command, and whenever no shim is ready.
func (t *commandTable) launchShim(c *command, id string, argv, env []string, cwd string, req *commandRequest) (*launched, error) {
	var procs []*os.File
	if t.cgroups != nil {
		var err error
		if procs, err = t.cgroups.create(id); err != nil {
			return nil, err
		}
	}
	defer closeAll(procs)
	cmd := &exec.Cmd{Path: t.self, Args: append([]string{"codingit-agent", shimArg, strconv.Itoa(len(procs))}, argv...),
		Env: env, Dir: cwd, ExtraFiles: procs}
	var childEnds []*os.File
	var readers []func()
	if req.Pty != nil {
		master, tty, err := pty.Open()
		if err != nil {
			return nil, err
		}
		pty.Setsize(master, &pty.Winsize{Cols: uint16(req.Pty.Cols), Rows: uint16(req.Pty.Rows)})
		cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
		childEnds = append(childEnds, tty)
		c.terminal, c.stdin = master, master
		readers = append(readers, func() { pump(master, 1, c.output) })
	} else {
		outR, outW, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		errR, errW, err := os.Pipe()
		if err != nil {
			outR.Close()
			outW.Close()
			return nil, err
		}
		cmd.Stdout, cmd.Stderr = outW, errW
		childEnds = append(childEnds, outW, errW)
		readers = append(readers, func() { pump(outR, 1, c.output) }, func() { pump(errR, 2, c.output) })
		if req.Stdin || req.StdinText != nil {
			inR, inW, err := os.Pipe()
			if err != nil {
				closeAll(append(childEnds, outR, errR))
				return nil, err
			}
			cmd.Stdin = inR
			childEnds = append(childEnds, inR)
			c.stdin = inW
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	err := cmd.Start()
	closeAll(childEnds)
	if err != nil {
		if c.stdin != nil {
			c.stdin.Close()
		}
		if t.cgroups != nil {
			t.cgroups.killAll(id)
		}
		return nil, err
	}
	return &launched{process: cmd.Process, group: id, readers: readers}, nil
}

// terminalDrain bounds the read of a terminal's last output after its tree was killed.
const terminalDrain = 500 * time.Millisecond

// await reaps the command, kills whatever it left (its whole tree), then lets the readers drain.
func (t *commandTable) await(c *command, process *os.Process, pumps *sync.WaitGroup, timer *time.Timer) {
	state, _ := process.Wait()
	if timer != nil {
		timer.Stop()
	}
	c.kill()
	if c.terminal != nil {
		// The master reads EIO once every slave is closed, which the tree kill guarantees, on Linux; gVisor's
		// terminal never reports it, so what is left is read until a short deadline instead, and the wait for
		// the reader is bounded in case the master is not pollable.
		c.terminal.SetReadDeadline(time.Now().Add(terminalDrain))
		drained := make(chan struct{})
		go func() { pumps.Wait(); close(drained) }()
		select {
		case <-drained:
		case <-time.After(2 * terminalDrain):
		}
	} else {
		pumps.Wait()
	}
	code := exitCodeOf(state)
	c.mu.Lock()
	if c.timedOut {
		code = timeoutExitCode
	}
	c.exitCode, c.endedAt, c.running = code, time.Now().UTC(), false
	if c.stdin != nil {
		c.stdin.Close()
		c.stdin = nil
	}
	if c.terminal != nil {
		c.terminal.Close()
	}
	c.mu.Unlock()
	c.output.finish()
	close(c.done)
	t.mu.Lock()
	t.live--
	t.forgetOldFinished()
	t.mu.Unlock()
}

// killProcessGroup SIGKILLs the command's tree without cgroups (a server that is not root, or gVisor, whose
// processes are not host processes): its process group, its session (an interactive shell puts its jobs in
// groups of their own) and its descendants, until none of them lives (or 1 s has passed). Zombies are left
// to their parent, or to process 1, which reaps.
func killProcessGroup(pgid int) {
	for i := 0; i < 500; i++ {
		// the tree is read before anything of it dies: a killed parent's children go to process 1, and
		// would no longer be found as its descendants
		victims := treeMembers(pgid)
		groupGone := syscall.Kill(-pgid, syscall.SIGKILL) == syscall.ESRCH
		for _, pid := range victims {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		if groupGone && len(victims) == 0 {
			return
		}
		if len(victims) == 0 && i > 0 {
			return // only zombies remain in the group
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// treeMembers lists the live processes (not zombies) of /proc whose process group or session is root's
// or that descend from root.
func treeMembers(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	type proc struct {
		ppid, pgid, sid int
		zombie          bool
	}
	procs := map[int]proc{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
		text := string(data)
		end := strings.LastIndexByte(text, ')')
		if end < 0 {
			continue
		}
		fields := strings.Fields(text[end+1:])
		if len(fields) < 4 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		pgid, _ := strconv.Atoi(fields[2])
		sid, _ := strconv.Atoi(fields[3])
		procs[pid] = proc{ppid: ppid, pgid: pgid, sid: sid, zombie: fields[0] == "Z"}
	}
	var members []int
	for pid, p := range procs {
		if p.zombie || pid == os.Getpid() {
			continue
		}
		member := pid == root || p.pgid == root || p.sid == root
		for parent, hops := p.ppid, 0; !member && parent > 1 && hops < 64; hops++ {
			member = parent == root
			parent = procs[parent].ppid
		}
		if member {
			members = append(members, pid)
		}
	}
	return members
}

func exitCodeOf(state *os.ProcessState) int {
	if state == nil {
		return 255
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return state.ExitCode()
}

func pump(r *os.File, channel byte, log *outputLog) {
	defer r.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			log.append(channel, buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// forgetOldFinished keeps at most maxFinished finished commands (oldest forgotten first). Caller holds t.mu.
func (t *commandTable) forgetOldFinished() {
	finished := 0
	for _, c := range t.order {
		if !c.isRunning() {
			finished++
		}
	}
	kept := t.order[:0]
	for _, c := range t.order {
		if finished > t.cfg.maxFinished && !c.isRunning() {
			finished--
			continue
		}
		kept = append(kept, c)
	}
	t.order = kept
}

func (t *commandTable) find(id string) (*command, *apiError) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.order {
		if c.id == id {
			return c, nil
		}
	}
	return nil, errorf(http.StatusNotFound, "not_found", "no command %s", id)
}

func (t *commandTable) forget(c *command) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, o := range t.order {
		if o == c {
			t.order = append(t.order[:i], t.order[i+1:]...)
			return
		}
	}
}

func (t *commandTable) list() []commandState {
	t.mu.Lock()
	cmds := append([]*command(nil), t.order...)
	t.mu.Unlock()
	states := make([]commandState, 0, len(cmds))
	for _, c := range cmds {
		states = append(states, c.state())
	}
	return states
}

func (t *commandTable) killAll() {
	t.closeReadyShim()
	t.mu.Lock()
	cmds := append([]*command(nil), t.order...)
	t.mu.Unlock()
	for _, c := range cmds {
		if c.isRunning() {
			c.kill()
		}
	}
}

func selfExecutable() string {
	if exe, err := os.Executable(); err == nil {
		return exe
	}
	return filepath.Clean("/proc/self/exe")
}

var _ = fmt.Sprintf
