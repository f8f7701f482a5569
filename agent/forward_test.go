package main

import (
	"bufio"
	"net"
	"path/filepath"
	"testing"
)

func TestForwardPipesATCPConnectionToTheUnixSocket(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "proxy.sock")
	upstream, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer upstream.Close()
	go func() {
		c, err := upstream.Accept()
		if err != nil {
			return
		}
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Write([]byte("echo " + line))
		c.Close()
	}()
	f, err := parseForward("tcp:127.0.0.1:0=unix:" + socket)
	if err != nil {
		t.Fatal(err)
	}
	listener, err := net.Listen("tcp", f.listen)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		c, _ := listener.Accept()
		pipeTo(c, f)
	}()
	client, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	client.Write([]byte("hello\n"))
	reply, _ := bufio.NewReader(client).ReadString('\n')
	if reply != "echo hello\n" {
		t.Fatalf("reply %q", reply)
	}
}

func TestForwardPipesATCPConnectionToATCPTarget(t *testing.T) {
	upstream, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer upstream.Close()
	go func() {
		c, err := upstream.Accept()
		if err != nil {
			return
		}
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Write([]byte("proxy " + line))
		c.Close()
	}()
	f, err := parseForward("tcp:127.0.0.1:0=tcp:" + upstream.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if f.network != "tcp" || f.target != upstream.Addr().String() {
		t.Fatalf("parsed %+v", f)
	}
	listener, err := net.Listen("tcp", f.listen)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		c, _ := listener.Accept()
		pipeTo(c, f)
	}()
	client, err := net.Dial("tcp", listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	client.Write([]byte("CONNECT\n"))
	reply, _ := bufio.NewReader(client).ReadString('\n')
	if reply != "proxy CONNECT\n" {
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
