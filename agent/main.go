// Command codingit-agent serves one sandbox's operations over HTTP/1.1 and WebSocket
// (docs/sandbox-protocol.md). It runs as the sandbox user, as the sandbox's first program.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

const (
	protocolVersion = 1
	agentVersion    = "1.0.0"
)

func main() {
	if isShim(os.Args) {
		runShim(os.Args[1:]) // never returns
	}
	if os.Getpid() == 1 {
		runAsInit() // never returns
	}
	cfg, err := parseConfig(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "codingit-agent:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "codingit-agent:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	// code of the same uid must not read our memory, fds or environment: the secret lives here
	if err := setNotDumpable(); err != nil {
		return fmt.Errorf("prctl(PR_SET_DUMPABLE): %w", err)
	}
	if err := setNoNewPrivs(); err != nil {
		return fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	secret, err := readSecret(cfg.secretFD)
	if err != nil {
		return err
	}
	cgroups, err := openDelegatedCgroups(cfg.cgroupFDs)
	if err != nil {
		return err
	}
	listener, err := listen(cfg.listen)
	if err != nil {
		return err
	}
	for _, f := range cfg.forwards {
		if err := startForward(f); err != nil {
			return err
		}
	}
	agent := newAgent(cfg, cgroups)
	handler := newAuthenticator(secret, time.Duration(cfg.replayWindowSeconds)*time.Second, cfg.maxNonces, agent.routes())
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		agent.killAll()
		os.Exit(0)
	}()
	err = server.Serve(listener)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// readSecret reads the first line of fd, then closes it; fd 0 is reopened on /dev/null so that
// nothing (including children) can read further from where the secret came.
func readSecret(fd int) ([]byte, error) {
	f := os.NewFile(uintptr(fd), "secret")
	if f == nil {
		return nil, fmt.Errorf("secret descriptor %d is not open", fd)
	}
	line, err := bufio.NewReaderSize(f, 256).ReadString('\n')
	if err != nil && line == "" {
		return nil, fmt.Errorf("no secret on descriptor %d", fd)
	}
	f.Close()
	if fd == 0 {
		if devnull, err := os.Open("/dev/null"); err == nil {
			syscall.Dup2(int(devnull.Fd()), 0)
			devnull.Close()
		}
	}
	secret, err := decodeSecret(strings.TrimSpace(line))
	if err != nil {
		return nil, err
	}
	return secret, nil
}

func listen(spec string) (net.Listener, error) {
	switch {
	case strings.HasPrefix(spec, "unix:"):
		path := strings.TrimPrefix(spec, "unix:")
		os.Remove(path)
		old := syscall.Umask(0o177)
		l, err := net.Listen("unix", path)
		syscall.Umask(old)
		return l, err
	case strings.HasPrefix(spec, "tcp:"):
		return net.Listen("tcp", strings.TrimPrefix(spec, "tcp:"))
	}
	return nil, fmt.Errorf("--listen must be unix:PATH or tcp:HOST:PORT, not %q", spec)
}
