package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const (
	prSetDumpable   = 4
	prSetNoNewPrivs = 38
	atRemoveDir     = 0x200
)

func setNotDumpable() error {
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRCTL, prSetDumpable, 0, 0, 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

func setNoNewPrivs() error {
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0, 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// cgroupTree is a cgroup directory delegated to the agent (one per hierarchy under cgroup v1). Only
// the agent holds it: the sandbox has no cgroup file system mounted, and the agent is not dumpable,
// so its descriptors cannot be reached through /proc.
type cgroupTree struct{ dirs []int }

func openDelegatedCgroups(fds []int) (*cgroupTree, error) {
	for _, fd := range fds {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
			return nil, fmt.Errorf("--cgroup-fd %d is not an open directory", fd)
		}
		syscall.CloseOnExec(fd)
	}
	if len(fds) == 0 {
		return nil, nil
	}
	return &cgroupTree{dirs: fds}, nil
}

// create makes the command's group in every hierarchy and opens the cgroup.procs files its
// process joins (the shim writes its own pid into them before it executes the program).
func (t *cgroupTree) create(name string) ([]*os.File, error) {
	var procs []*os.File
	for _, dir := range t.dirs {
		if err := syscall.Mkdirat(dir, name, 0o755); err != nil && err != syscall.EEXIST {
			closeAll(procs)
			return nil, fmt.Errorf("cgroup for the command: %w", err)
		}
		fd, err := syscall.Openat(dir, name+"/cgroup.procs", syscall.O_WRONLY|syscall.O_CLOEXEC, 0)
		if err != nil {
			closeAll(procs)
			return nil, fmt.Errorf("cgroup for the command: %w", err)
		}
		procs = append(procs, os.NewFile(uintptr(fd), "cgroup.procs"))
	}
	return procs, nil
}

// killAll SIGKILLs every process in the group until none is left and the group is removed: a removal
// refused as busy means something joined after the group was read, which is then killed in turn. It gives
// up after 10 s (a process stuck in the kernel), leaving the group for the sandbox's own removal.
func (t *cgroupTree) killAll(name string) {
	path, _ := syscall.BytePtrFromString(name)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		pids := t.members(name)
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		if len(pids) > 0 {
			continue
		}
		removed := true
		for _, dir := range t.dirs {
			_, _, errno := syscall.Syscall(syscall.SYS_UNLINKAT, uintptr(dir), uintptr(unsafe.Pointer(path)), atRemoveDir)
			if errno == syscall.EBUSY {
				removed = false
			}
		}
		if removed {
			return
		}
	}
}

func (t *cgroupTree) members(name string) []int {
	var pids []int
	for _, dir := range t.dirs {
		fd, err := syscall.Openat(dir, name+"/cgroup.procs", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != nil {
			continue
		}
		f := os.NewFile(uintptr(fd), "cgroup.procs")
		data := make([]byte, 1<<16)
		n, _ := f.Read(data)
		f.Close()
		for _, field := range strings.Fields(string(data[:n])) {
			if pid, err := strconv.Atoi(field); err == nil && pid > 0 {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

func closeAll(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}
