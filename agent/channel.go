package main

import (
	"encoding/json"
	"io"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// relayChannel carries one TCP connection to 127.0.0.1:port after another over one WebSocket
// (GET /v1/ports/{port}/channel, docs/sandbox-protocol.md "Ports"): the server keeps a few of these open per
// preview and reuses them, so a new connection to the app costs no WebSocket handshake and no signature.
// {"type":"connect"} dials; binary frames are the connection's bytes both ways; {"type":"eof"} half-closes the
// direction it travels in; {"type":"close"} from the server ends the connection at once. {"type":"closed"} from
// the agent is the last frame of a connection (with "error" when the dial failed): after it the channel is idle
// and the next {"type":"connect"} starts a new connection. Bytes of an ended connection that were still on
// their way are dropped, never written to the next one (the server sends "connect" only after "closed").
func relayChannel(conn *wsConn, port int) {
	var mu sync.Mutex
	var current *channelConnection
	defer func() {
		mu.Lock()
		if current != nil {
			current.endInput()
			current.tcp.Close()
		}
		mu.Unlock()
		conn.Close()
	}()
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		mu.Lock()
		c := current
		mu.Unlock()
		if kind == websocket.BinaryMessage {
			if c != nil && !c.inputEnded() {
				if _, err := c.tcp.Write(data); err != nil {
					c.endInput()
					c.tcp.Close()
				}
			}
			continue
		}
		var frame struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(data, &frame) != nil {
			conn.closeWith(websocket.CloseUnsupportedData, "a text frame is one JSON object")
			return
		}
		switch frame.Type {
		case "connect":
			if c != nil {
				conn.closeWith(websocket.ClosePolicyViolation, "connect while a connection is open")
				return
			}
			tcp, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 5*time.Second)
			if err != nil {
				if conn.sendJSON(map[string]string{"type": "closed", "error": "connection_refused"}) != nil {
					return
				}
				continue
			}
			c = &channelConnection{tcp: tcp.(*net.TCPConn), input: make(chan struct{})}
			mu.Lock()
			current = c
			mu.Unlock()
			go func() {
				c.pump(conn)
				mu.Lock()
				current = nil
				mu.Unlock()
				conn.sendJSON(map[string]string{"type": "closed"})
			}()
		case "eof":
			if c != nil && !c.inputEnded() {
				c.tcp.CloseWrite()
				c.endInput()
			}
		case "close":
			if c != nil {
				c.endInput()
				c.tcp.Close()
			}
		}
	}
}

// channelConnection is one TCP connection of a channel; input ends with the server's eof or close.
type channelConnection struct {
	tcp   *net.TCPConn
	once  sync.Once
	input chan struct{}
}

func (c *channelConnection) endInput() { c.once.Do(func() { close(c.input) }) }

func (c *channelConnection) inputEnded() bool {
	select {
	case <-c.input:
		return true
	default:
		return false
	}
}

// pump sends the app's bytes until it ends its side, then waits for the server's side before closing.
func (c *channelConnection) pump(conn *wsConn) {
	defer c.tcp.Close()
	buf := make([]byte, 32<<10)
	raw, _ := c.tcp.SyscallConn()
	for {
		// Acknowledge at once (see relay): an app that writes a response in two writes would wait 40 ms for the
		// delayed ACK before its second write leaves.
		if raw != nil {
			raw.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1) })
		}
		n, err := c.tcp.Read(buf)
		if n > 0 && conn.send(websocket.BinaryMessage, buf[:n]) != nil {
			c.endInput()
			return
		}
		if err != nil {
			if err != io.EOF && c.inputEnded() {
				return // ended by the server's close
			}
			if conn.sendJSON(map[string]string{"type": "eof"}) != nil {
				c.endInput()
				return
			}
			<-c.input
			return
		}
	}
}
