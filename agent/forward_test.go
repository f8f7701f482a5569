package main

import (
	"bufio"
	"net"
	"path/filepath"
	"testing"
)

// echoOnce answers the first line of one connection with prefix + that line.
func echoOnce(upstream net.Listener, prefix string) {
	c, err := upstream.Accept()
	if err != nil {
		return
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	c.Write([]byte(prefix + line))
	c.Close()
}

// roundTrip sends one line through the forward described by spec and returns the reply.
func roundTrip(t *testing.T, spec, line string) string {
	f, err := parseForward(spec)
	if err != nil {
		t.Fatal(err)
	}
	listener, err := net.Listen("tcp", f.listen)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	go func() {
		c, _ := listener.Accept()
		pipeTo(c, f)
	}()
	client, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	client.Write([]byte(line))
	reply, _ := bufio.NewReader(client).ReadString('\n')
	return reply
}

func TestForwardPipesATCPConnectionToTheUnixSocket(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "proxy.sock")
	upstream, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer upstream.Close()
	go echoOnce(upstream, "echo ")
	if reply := roundTrip(t, "tcp:127.0.0.1:0=unix:"+socket, "hello\n"); reply != "echo hello\n" {
		t.Fatalf("reply %q", reply)
	}
}

func TestForwardPipesATCPConnectionToATCPTarget(t *testing.T) {
	upstream, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer upstream.Close()
	go echoOnce(upstream, "proxy ")
	f, err := parseForward("tcp:127.0.0.1:0=tcp:" + upstream.Addr().String())
	if err != nil || f.network != "tcp" || f.target != upstream.Addr().String() {
		t.Fatalf("parsed %+v, %v", f, err)
	}
	if reply := roundTrip(t, "tcp:127.0.0.1:0=tcp:"+upstream.Addr().String(), "CONNECT\n"); reply != "proxy CONNECT\n" {
		t.Fatalf("reply %q", reply)
	}
}

func TestForwardRefusesANonLoopbackListenAddressAndBadSpecs(t *testing.T) {
	for _, spec := range []string{"tcp:0.0.0.0:3128=unix:/x", "tcp:10.0.0.1:3128=unix:/x", "127.0.0.1:3128=unix:/x",
		"tcp:127.0.0.1:3128=/x", "tcp:127.0.0.1=unix:/x", "tcp:127.0.0.1:3128=unix:",
		"tcp:127.0.0.1:3128=tcp:", "tcp:127.0.0.1:3128=tcp:proxy", "tcp:127.0.0.1:3128=tcp::3128",
		"tcp:127.0.0.1:3128=udp:proxy:3128"} {
		if _, err := parseForward(spec); err == nil {
			t.Errorf("%s accepted", spec)
		}
	}
}
