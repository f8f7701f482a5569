package main

import (
	"encoding/binary"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// The servers are no browsers: no Origin check applies, authentication is the signature.
var upgrader = websocket.Upgrader{ReadBufferSize: 32 << 10, WriteBufferSize: 32 << 10,
	CheckOrigin: func(*http.Request) bool { return true }}

const writeWait = 30 * time.Second

// closeWait bounds the wait for a client's answer to the agent's close frame.
const closeWait = 5 * time.Second

// wsConn serializes writes (gorilla allows one writer at a time).
type wsConn struct {
	*websocket.Conn
	mu sync.Mutex
}

func (c *wsConn) send(kind int, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.SetWriteDeadline(time.Now().Add(writeWait))
	return c.WriteMessage(kind, data)
}

func (c *wsConn) sendJSON(value any) error {
	data, _ := json.Marshal(value)
	return c.send(websocket.TextMessage, data)
}

func (c *wsConn) sendClose(code int, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
}

func (c *wsConn) closeWith(code int, reason string) {
	c.sendClose(code, reason)
	c.Close()
}

// closeAfterPeer sends the close frame, then keeps reading (through the caller's reader, whose end readerDone
// reports) until the client answers with its own or closeWait has passed, and only then closes the connection,
// as RFC 6455 (7.1.1) has a server do. A client may be writing a frame as the agent's last ones arrive (the eof
// of a command's input as the command ends): on a connection closed at once that write fails, and a client that
// takes the failed connection for a dead agent reports the command as killed (137) although it exited normally.
func (c *wsConn) closeAfterPeer(code int, reason string, readerDone <-chan struct{}) {
	if c.sendClose(code, reason) == nil {
		select {
		case <-readerDone:
		case <-time.After(closeWait):
		}
	}
	c.Close()
}

type controlFrame struct {
	Type   string `json:"type"`
	Signal string `json:"signal"`
	Cols   int    `json:"cols"`
	Rows   int    `json:"rows"`
}

func (c *command) attach(conn *wsConn, from int64) {
	c.mu.Lock()
	c.attached++
	c.mu.Unlock()
	var gone atomic.Bool
	readerDone := make(chan struct{})
	go func() {
		defer func() {
			gone.Store(true)
			c.output.wake()
			c.detach()
			close(readerDone)
		}()
		for {
			kind, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			if apiErr := c.handleClientFrame(kind, data); apiErr != nil {
				conn.sendJSON(map[string]string{"type": "error", "message": apiErr.message})
			}
		}
	}()
	pos := from
	for !gone.Load() {
		gapTo, chunks, finished := c.output.next(pos, gone.Load)
		if gapTo > 0 {
			if conn.sendJSON(map[string]any{"type": "gap", "from": pos, "to": gapTo}) != nil {
				break
			}
			pos = gapTo
		}
		for _, ch := range chunks {
			frame := make([]byte, 9+len(ch.data))
			frame[0] = ch.channel
			binary.BigEndian.PutUint64(frame[1:9], uint64(ch.offset))
			copy(frame[9:], ch.data)
			if conn.send(websocket.BinaryMessage, frame) != nil {
				gone.Store(true)
				break
			}
			pos = ch.end()
		}
		if finished && !gone.Load() {
			s := c.state()
			conn.sendJSON(map[string]any{"type": "exit", "exitCode": *s.ExitCode, "timedOut": s.TimedOut, "end": pos})
			conn.closeAfterPeer(websocket.CloseNormalClosure, "", readerDone)
			return
		}
	}
	conn.Close()
}

func (c *command) detach() {
	c.mu.Lock()
	c.attached--
	kill := c.attached == 0 && c.killOnDetach && c.running
	c.mu.Unlock()
	if kill {
		c.kill()
	}
}

func (c *command) handleClientFrame(kind int, data []byte) *apiError {
	if kind == websocket.BinaryMessage {
		if len(data) == 0 || data[0] != 0 {
			return errorf(http.StatusBadRequest, "bad_request", "binary frames start with channel 0 (stdin)")
		}
		return c.writeStdin(data[1:])
	}
	var frame controlFrame
	if err := json.Unmarshal(data, &frame); err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "a text frame is one JSON object")
	}
	switch frame.Type {
	case "eof":
		c.closeStdin()
		return nil
	case "signal":
		sig, ok := signalNames[frame.Signal]
		if !ok {
			return errorf(http.StatusBadRequest, "bad_request", "unknown signal %q", frame.Signal)
		}
		return c.signal(sig)
	case "resize":
		return c.resize(ptySize{Cols: frame.Cols, Rows: frame.Rows})
	}
	return errorf(http.StatusBadRequest, "bad_request", "unknown frame type %q", frame.Type)
}

// interpreterChannel carries the driver's lines: one text frame per line both ways. Any number of
// clients may hold a channel at once: each gets every line, and their lines reach the driver whole
// (one write each). fromNow starts at the first line the driver had not finished when the client
// came, instead of the first line it ever wrote.
func (c *command) interpreterChannel(conn *wsConn, maxLine int, fromNow bool) {
	var gone atomic.Bool
	readerDone := make(chan struct{})
	go func() {
		defer func() {
			gone.Store(true)
			c.output.wake()
			close(readerDone)
		}()
		for {
			kind, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			if kind != websocket.TextMessage {
				conn.sendJSON(map[string]string{"type": "agent_error", "message": "requests are text frames"})
				continue
			}
			if apiErr := c.writeStdin(append(data, '\n')); apiErr != nil {
				conn.sendJSON(map[string]string{"type": "agent_error", "message": apiErr.message})
			}
		}
	}()
	var line []byte
	dropping := 0
	pos := int64(0)
	if fromNow {
		pos = c.output.lineStart()
	}
	for !gone.Load() {
		gapTo, chunks, finished := c.output.next(pos, gone.Load)
		if gapTo > 0 {
			conn.sendJSON(map[string]any{"type": "agent_dropped", "bytes": gapTo - pos})
			pos, line = gapTo, nil
		}
		for _, ch := range chunks {
			pos = ch.end()
			if ch.channel == 2 {
				conn.sendJSON(map[string]string{"type": "agent_stderr", "text": string(ch.data)})
				continue
			}
			for _, b := range ch.data {
				if b != '\n' {
					if len(line) < maxLine {
						line = append(line, b)
					} else {
						dropping++
					}
					continue
				}
				if dropping > 0 {
					conn.sendJSON(map[string]any{"type": "agent_dropped", "bytes": len(line) + dropping})
				} else if conn.send(websocket.TextMessage, line) != nil {
					gone.Store(true)
				}
				line, dropping = line[:0], 0
			}
		}
		if finished && !gone.Load() {
			conn.sendJSON(map[string]any{"type": "agent_exit", "exitCode": *c.state().ExitCode})
			conn.closeAfterPeer(websocket.CloseNormalClosure, "", readerDone)
			return
		}
	}
	conn.Close()
}

func portReady(port int) bool {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// relay copies bytes between the WebSocket and a TCP connection inside the sandbox.
func relay(conn *wsConn, tcp *net.TCPConn) {
	var once sync.Once
	done := make(chan struct{}, 2)
	finish := func() {
		once.Do(func() {
			conn.closeWith(websocket.CloseNormalClosure, "")
			tcp.Close()
		})
	}
	go func() { // socket -> app
		defer func() { done <- struct{}{} }()
		for {
			kind, data, err := conn.ReadMessage()
			if err != nil {
				tcp.CloseWrite()
				return
			}
			if kind == websocket.TextMessage {
				tcp.CloseWrite() // {"type":"eof"}
				continue
			}
			if _, err := tcp.Write(data); err != nil {
				return
			}
		}
	}()
	go func() { // app -> socket
		defer func() { done <- struct{}{} }()
		buf := make([]byte, 32<<10)
		raw, _ := tcp.SyscallConn()
		for {
			// Acknowledge at once: an app that writes a response in two writes with Nagle on (Python's
			// http.server) otherwise waits for the delayed ACK, 40 ms, before its second write leaves.
			if raw != nil {
				raw.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1) })
			}
			n, err := tcp.Read(buf)
			if n > 0 && conn.send(websocket.BinaryMessage, buf[:n]) != nil {
				return
			}
			if err != nil {
				conn.sendJSON(map[string]string{"type": "eof"})
				return
			}
		}
	}()
	<-done
	<-done
	finish()
}
