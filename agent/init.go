package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// runAsInit runs when the agent is process 1 of its PID namespace, as it is under gVisor (runsc starts the
// bundle's process as process 1; under bubblewrap, bubblewrap's own init is process 1). Process 1 inherits
// every orphan, and the agent's commands wait for their own children only, so an orphan that ended (a
// command's background child, killed with its process group) would stay a zombie, keep its process group
// alive and count against the task limit. So process 1 starts the agent proper as its child, with the same
// arguments and standard streams (the secret is read by the child), forwards SIGTERM and SIGINT to it, reaps
// every other child, and exits with the agent's status.
func runAsInit() {
	_ = setNotDumpable()
	cmd := exec.Command(selfExecutable(), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "codingit-agent: could not start the agent under its init:", err)
		os.Exit(1)
	}
	// the secret is the child's to read: this process keeps nothing of it
	if devnull, err := os.Open(os.DevNull); err == nil {
		syscall.Dup2(int(devnull.Fd()), 0)
		devnull.Close()
	}
	agent := cmd.Process.Pid
	for {
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if err == syscall.EINTR {
				continue
			}
			if pid <= 0 || err != nil {
				break
			}
			if pid == agent {
				if status.Signaled() {
					os.Exit(128 + int(status.Signal()))
				}
				os.Exit(status.ExitStatus())
			}
		}
		if s := <-signals; s != syscall.SIGCHLD {
			cmd.Process.Signal(s)
		}
	}
}
