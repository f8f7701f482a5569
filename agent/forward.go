package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

// forward bridges a TCP address inside the sandbox to the server's registry proxy. It is how egress
// "registries" works: a local sandbox's network namespace holds only a loopback, and 127.0.0.1:3128 is
// piped to the proxy's unix socket bound into it by the server; a pod's 127.0.0.1:3128 is piped to the
// servers' proxy port over the cluster network (docs/sandbox.md, Network; docs/deploy.md).
type forward struct {
	listen  string // host:port on the sandbox's loopback
	network string // "unix" or "tcp"
	target  string // the socket's path inside the sandbox, or host:port
}

// parseForward reads "tcp:HOST:PORT=unix:PATH" or "tcp:HOST:PORT=tcp:HOST:PORT".
func parseForward(spec string) (forward, error) {
	bad := fmt.Errorf("--forward needs tcp:HOST:PORT=unix:PATH or tcp:HOST:PORT=tcp:HOST:PORT, not %q", spec)
	from, to, ok := strings.Cut(spec, "=")
	if !ok || !strings.HasPrefix(from, "tcp:") {
		return forward{}, bad
	}
	f := forward{listen: strings.TrimPrefix(from, "tcp:")}
	switch {
	case strings.HasPrefix(to, "unix:"):
		f.network, f.target = "unix", strings.TrimPrefix(to, "unix:")
		if f.target == "" {
			return forward{}, bad
		}
	case strings.HasPrefix(to, "tcp:"):
		f.network, f.target = "tcp", strings.TrimPrefix(to, "tcp:")
		if host, port, err := net.SplitHostPort(f.target); err != nil || host == "" || port == "" {
			return forward{}, bad
		}
	default:
		return forward{}, bad
	}
	host, _, err := net.SplitHostPort(f.listen)
	if err != nil {
		return forward{}, bad
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return forward{}, fmt.Errorf("--forward listens on a loopback address only, not %q", host)
	}
	return f, nil
}

// startForward listens and pipes every connection to the target, both ways, until either side closes.
func startForward(f forward) error {
	listener, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("--forward %s: %w", f.listen, err)
	}
	go func() {
		for {
			client, err := listener.Accept()
			if err != nil {
				fmt.Fprintln(os.Stderr, "codingit-agent: forward", f.listen, "stopped:", err)
				return
			}
			go pipeTo(client, f)
		}
	}()
	return nil
}

// halfCloser is a connection whose writing side can be closed alone (TCP and unix sockets both are).
type halfCloser interface{ CloseWrite() error }

func pipeTo(client net.Conn, f forward) {
	defer client.Close()
	upstream, err := net.DialTimeout(f.network, f.target, 10*time.Second)
	if err != nil {
		return
	}
	defer upstream.Close()
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(upstream, client)
		if c, ok := upstream.(halfCloser); ok {
			c.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		io.Copy(client, upstream)
		if c, ok := client.(halfCloser); ok {
			c.CloseWrite()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
}
