package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

// forward bridges a TCP address inside the sandbox to a unix socket bound into it by the server.
// It is how egress "registries" works: the sandbox's network namespace holds only a loopback,
// and 127.0.0.1:3128 is piped to the server's registry proxy socket (docs/sandbox.md, Network).
type forward struct {
	listen string // host:port on the sandbox's loopback
	socket string // path of the unix socket inside the sandbox
}

// parseForward reads "tcp:HOST:PORT=unix:PATH".
func parseForward(spec string) (forward, error) {
	from, to, ok := strings.Cut(spec, "=")
	if !ok || !strings.HasPrefix(from, "tcp:") || !strings.HasPrefix(to, "unix:") {
		return forward{}, fmt.Errorf("--forward needs tcp:HOST:PORT=unix:PATH, not %q", spec)
	}
	f := forward{listen: strings.TrimPrefix(from, "tcp:"), socket: strings.TrimPrefix(to, "unix:")}
	host, _, err := net.SplitHostPort(f.listen)
	if err != nil || f.socket == "" {
		return forward{}, fmt.Errorf("--forward needs tcp:HOST:PORT=unix:PATH, not %q", spec)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return forward{}, fmt.Errorf("--forward listens on a loopback address only, not %q", host)
	}
	return f, nil
}

// startForward listens and pipes every connection to the socket, both ways, until either side closes.
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
			go pipeToSocket(client, f.socket)
		}
	}()
	return nil
}

func pipeToSocket(client net.Conn, socket string) {
	defer client.Close()
	upstream, err := net.Dial("unix", socket)
	if err != nil {
		return
	}
	defer upstream.Close()
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(upstream, client)
		if c, ok := upstream.(*net.UnixConn); ok {
			c.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		io.Copy(client, upstream)
		if c, ok := client.(*net.TCPConn); ok {
			c.CloseWrite()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
}
