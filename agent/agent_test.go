package main

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// testAgent serves a real agent over HTTP (without a delegated cgroup, unless given one: process-group tree kill).
type testAgent struct {
	t      *testing.T
	secret []byte
	server *httptest.Server
	root   string
	auth   *authenticator
	agent  *agent
}

func TestMain(m *testing.M) {
	// the shim: commands re-execute this test binary, which must then behave as the agent does
	if isShim(os.Args) {
		runShim(os.Args[1:])
	}
	os.Exit(m.Run())
}

func startAgent(t *testing.T) *testAgent {
	t.Helper()
	return startAgentWith(t, nil)
}

func startAgentWith(t *testing.T, cgroups *cgroupTree) *testAgent {
	t.Helper()
	secret := make([]byte, 32)
	rand.Read(secret)
	cfg := defaultConfig()
	cfg.root = t.TempDir()
	cfg.env["HOME"] = cfg.root
	a := newAgent(cfg, cgroups)
	auth := newAuthenticator(secret, time.Minute, 1000, a.routes())
	server := httptest.NewServer(auth)
	t.Cleanup(func() {
		a.killAll()
		server.Close()
	})
	return &testAgent{t: t, secret: secret, server: server, root: cfg.root, auth: auth, agent: a}
}

func newNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (ta *testAgent) sign(h http.Header, method, target string) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nonce := newNonce()
	h.Set("X-Codingit-Timestamp", ts)
	h.Set("X-Codingit-Nonce", nonce)
	h.Set("Authorization", authScheme+signature(ta.secret, method, target, ts, nonce))
}

func (ta *testAgent) do(method, target string, body []byte) (int, []byte) {
	ta.t.Helper()
	req, _ := http.NewRequest(method, ta.server.URL+target, bytes.NewReader(body))
	ta.sign(req.Header, method, target)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func (ta *testAgent) json(method, target string, body any, wantStatus int) map[string]any {
	ta.t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	status, data := ta.do(method, target, raw)
	if status != wantStatus {
		ta.t.Fatalf("%s %s: status %d, want %d: %s", method, target, status, wantStatus, data)
	}
	out := map[string]any{}
	if len(data) > 0 {
		json.Unmarshal(data, &out)
	}
	return out
}

func (ta *testAgent) dial(target string) *websocket.Conn {
	ta.t.Helper()
	h := http.Header{}
	ta.sign(h, "GET", target)
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ta.server.URL, "http")+target, h)
	if err != nil {
		ta.t.Fatalf("dial %s: %v (%v)", target, err, resp)
	}
	return conn
}

func TestUnsignedForgedExpiredAndReplayedCallsAreRefused(t *testing.T) {
	ta := startAgent(t)
	resp, _ := http.Get(ta.server.URL + "/v1/health")
	if resp.StatusCode != 401 {
		t.Fatalf("unsigned: %d", resp.StatusCode)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nonce := newNonce()
	forged := make([]byte, 32)
	send := func(sig, ts, nonce, target string) int {
		req, _ := http.NewRequest("GET", ta.server.URL+target, nil)
		req.Header.Set("X-Codingit-Timestamp", ts)
		req.Header.Set("X-Codingit-Nonce", nonce)
		req.Header.Set("Authorization", authScheme+sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := send(signature(forged, "GET", "/v1/health", ts, nonce), ts, nonce, "/v1/health"); s != 401 {
		t.Fatalf("wrong key: %d", s)
	}
	old := strconv.FormatInt(time.Now().Add(-2*time.Minute).Unix(), 10)
	if s := send(signature(ta.secret, "GET", "/v1/health", old, nonce), old, nonce, "/v1/health"); s != 401 {
		t.Fatalf("expired: %d", s)
	}
	// signed for another target
	if s := send(signature(ta.secret, "GET", "/v1/commands", ts, nonce), ts, nonce, "/v1/health"); s != 401 {
		t.Fatalf("other target: %d", s)
	}
	good := signature(ta.secret, "GET", "/v1/health", ts, nonce)
	if s := send(good, ts, nonce, "/v1/health"); s != 200 {
		t.Fatalf("valid: %d", s)
	}
	if s := send(good, ts, nonce, "/v1/health"); s != 401 {
		t.Fatalf("replayed: %d", s)
	}
	if s := send(good, ts, "short", "/v1/health"); s != 401 {
		t.Fatalf("bad nonce: %d", s)
	}
}

func TestNonceCacheFullIsBusyNotForgetful(t *testing.T) {
	ta := startAgent(t)
	ta.auth.maxNonces = 2
	ta.json("GET", "/v1/health", nil, 200)
	ta.json("GET", "/v1/health", nil, 200)
	ta.json("GET", "/v1/health", nil, 503)
}

func TestRunCollectsOutputExitCodeAndEnvironment(t *testing.T) {
	ta := startAgent(t)
	res := ta.json("POST", "/v1/commands/run", map[string]any{"shell": "echo out; echo err >&2; echo $GREETING; exit 3",
		"env": map[string]string{"GREETING": "hello"}}, 200)
	if res["stdout"] != "out\nhello\n" || res["stderr"] != "err\n" || res["exitCode"].(float64) != 3 {
		t.Fatalf("run: %v", res)
	}
	res = ta.json("POST", "/v1/commands/run", map[string]any{"argv": []string{"env"}}, 200)
	if strings.Contains(res["stdout"].(string), "GOPATH") || !strings.Contains(res["stdout"].(string), "LANG=C.UTF-8") {
		t.Fatalf("environment is not the fixed one: %v", res["stdout"])
	}
	res = ta.json("POST", "/v1/commands/run", map[string]any{"argv": []string{"cat"}, "stdinText": "fed"}, 200)
	if res["stdout"] != "fed" {
		t.Fatalf("stdinText: %v", res)
	}
	res = ta.json("POST", "/v1/commands/run", map[string]any{"argv": []string{"no-such-program-x"}}, 200)
	if res["exitCode"].(float64) != 127 {
		t.Fatalf("missing program: %v", res)
	}
}

func TestOutputIsCappedAndCounted(t *testing.T) {
	ta := startAgent(t)
	res := ta.json("POST", "/v1/commands/run", map[string]any{"shell": "head -c 100000 /dev/zero", "outputLimit": 1000}, 200)
	if len(res["stdout"].(string)) != 1000 || res["stdoutBytes"].(float64) != 100000 || res["stdoutTruncated"] != true {
		t.Fatalf("cap: %v %v", res["stdoutBytes"], res["stdoutTruncated"])
	}
}

func TestTimeoutKillsTheWholeTreeIncludingDetachedChildren(t *testing.T) {
	ta := startAgent(t)
	marker := filepath.Join(ta.root, "pid")
	res := ta.json("POST", "/v1/commands/run", map[string]any{"shell": "sleep 60 & echo $! > " + marker + "; sleep 60",
		"timeoutMs": 300}, 200)
	if res["exitCode"].(float64) != 124 || res["timedOut"] != true {
		t.Fatalf("timeout: %v", res)
	}
	data, _ := os.ReadFile(marker)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	if pid == 0 || processAlive(pid) {
		t.Fatalf("background child %d survived its command", pid)
	}
}

func processAlive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(data))
	return len(fields) > 2 && fields[2] != "Z"
}

func readOutput(t *testing.T, conn *websocket.Conn, until string) (string, map[string]any) {
	return readOutputFrom(t, conn, 0, until)
}

func readOutputFrom(t *testing.T, conn *websocket.Conn, base int, until string) (string, map[string]any) {
	t.Helper()
	var out strings.Builder
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			return out.String(), nil
		}
		if kind == websocket.BinaryMessage {
			if int(binary.BigEndian.Uint64(data[1:9])) != base+out.Len() && data[0] == 1 {
				// offsets count both streams; these tests write stdout only
				t.Fatalf("offset %d, have %d bytes", binary.BigEndian.Uint64(data[1:9]), out.Len())
			}
			out.Write(data[9:])
			if until != "" && strings.Contains(out.String(), until) {
				return out.String(), nil
			}
			continue
		}
		frame := map[string]any{}
		json.Unmarshal(data, &frame)
		if frame["type"] == "exit" {
			return out.String(), frame
		}
	}
}

func TestBackgroundCommandStreamsStdinAndReplaysFromAnOffset(t *testing.T) {
	ta := startAgent(t)
	started := ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"cat"}, "stdin": true}, 201)
	id := started["id"].(string)
	conn := ta.dial("/v1/commands/" + id + "/attach")
	conn.WriteMessage(websocket.BinaryMessage, append([]byte{0}, "first\n"...))
	if out, _ := readOutput(t, conn, "first\n"); out != "first\n" {
		t.Fatalf("echo: %q", out)
	}
	conn.Close() // the command keeps running without clients
	if s := ta.json("GET", "/v1/commands/"+id, nil, 200); s["running"] != true {
		t.Fatalf("state after detach: %v", s)
	}
	again := ta.dial("/v1/commands/" + id + "/attach?from=2")
	again.WriteMessage(websocket.BinaryMessage, append([]byte{0}, "second\n"...))
	again.WriteMessage(websocket.TextMessage, []byte(`{"type":"eof"}`))
	out, exit := readOutputFrom(t, again, 2, "")
	if !strings.HasPrefix(out, "rst\nsecond\n") || exit == nil || exit["exitCode"].(float64) != 0 {
		t.Fatalf("replay from 2: %q %v", out, exit)
	}
	list := ta.json("GET", "/v1/commands", nil, 200)
	if len(list["commands"].([]any)) != 1 {
		t.Fatalf("list: %v", list)
	}
	ta.json("DELETE", "/v1/commands/"+id, nil, 200)
	ta.json("GET", "/v1/commands/"+id, nil, 404)
}

// A client may close a command's input just as the command ends (the server closes the input of every command that
// reads nothing, right after starting it). The agent's exit and close frames then cross that write: the agent must
// keep the connection until the client answers its close, or the client's write fails and the client, seeing the
// connection broken before it read the exit frame, reports the command as killed.
func TestAClientWritingAsItsCommandEndsStillGetsTheExitAndAnOrderlyClose(t *testing.T) {
	ta := startAgent(t)
	for i := 0; i < 5; i++ {
		started := ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"true"}, "stdin": true}, 201)
		conn := ta.dial("/v1/commands/" + started["id"].(string) + "/attach")
		if _, exit := readOutput(t, conn, ""); exit == nil || exit["exitCode"].(float64) != 0 {
			t.Fatalf("exit frame: %v", exit)
		}
		time.Sleep(50 * time.Millisecond) // the agent's close frame has gone out; the client has not read it yet
		for j := 0; j < 3; j++ {
			if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"eof"}`)); err != nil {
				t.Fatalf("run %d: a write after the exit frame failed (the agent closed the connection unanswered): %v", i, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
		_, _, err := conn.ReadMessage()
		if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
			t.Fatalf("run %d: after the exit frame: %v, want the agent's normal close", i, err)
		}
		conn.Close()
	}
}

func TestReplayAnnouncesDroppedOutputAsAGap(t *testing.T) {
	ta := startAgent(t)
	started := ta.json("POST", "/v1/commands", map[string]any{"shell": "head -c 5000 /dev/zero", "replayBytes": 1000}, 201)
	id := started["id"].(string)
	ta.json("GET", "/v1/commands/"+id+"/wait?timeoutMs=5000", nil, 200)
	conn := ta.dial("/v1/commands/" + id + "/attach")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil || !strings.Contains(string(data), `"gap"`) {
		t.Fatalf("first frame: %s %v", data, err)
	}
}

func TestSignalAndKillOnDetach(t *testing.T) {
	ta := startAgent(t)
	started := ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"sleep", "60"}, "killOnDetach": true}, 201)
	id := started["id"].(string)
	conn := ta.dial("/v1/commands/" + id + "/attach")
	conn.Close()
	state := ta.json("GET", "/v1/commands/"+id+"/wait?timeoutMs=5000", nil, 200)
	if state["running"] != false || state["exitCode"].(float64) != 137 {
		t.Fatalf("killOnDetach: %v", state)
	}
	started = ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"sleep", "60"}}, 201)
	id = started["id"].(string)
	status, _ := ta.do("POST", "/v1/commands/"+id+"/signal", []byte(`{"signal":"TERM"}`))
	if status != 204 {
		t.Fatalf("signal: %d", status)
	}
	state = ta.json("GET", "/v1/commands/"+id+"/wait?timeoutMs=5000", nil, 200)
	if state["exitCode"].(float64) != 143 {
		t.Fatalf("TERM: %v", state)
	}
	ta.json("POST", "/v1/commands/"+id+"/signal", map[string]string{"signal": "TERM"}, 409)
	ta.json("POST", "/v1/commands/"+id+"/signal", map[string]string{"signal": "BOGUS"}, 400)
}

func TestTerminalCommandHasATtyAndResizes(t *testing.T) {
	ta := startAgent(t)
	started := ta.json("POST", "/v1/commands", map[string]any{"argv": []string{"sh"}, "pty": map[string]int{"cols": 80, "rows": 24}}, 201)
	id := started["id"].(string)
	conn := ta.dial("/v1/commands/" + id + "/attach")
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"resize","cols":123,"rows":45}`))
	conn.WriteMessage(websocket.BinaryMessage, append([]byte{0}, "stty size; tty; exit 5\n"...))
	out, exit := readOutput(t, conn, "")
	if !strings.Contains(out, "45 123") || !strings.Contains(out, "/dev/pts/") || exit["exitCode"].(float64) != 5 {
		t.Fatalf("pty: %q %v", out, exit)
	}
}

func TestBadCommandRequestsAreRefused(t *testing.T) {
	ta := startAgent(t)
	for _, body := range []string{`{}`, `{"argv":[]}`, `{"argv":["a"],"shell":"b"}`, `{"argv":["a"],"bogus":1}`,
		`{"argv":["a\u0000b"]}`, `{"argv":["a"],"env":{"A=B":"c"}}`, `{"argv":["a"],"pty":{"cols":0,"rows":5}}`,
		`{"argv":["a"],"timeoutMs":-1}`, `not json`, `{"argv":["a"],"cwd":"/etc/passwd"}`} {
		status, data := ta.do("POST", "/v1/commands", []byte(body))
		if status != 400 && status != 403 {
			t.Errorf("%s: %d %s", body, status, data)
		}
	}
	ta.json("GET", "/v1/commands/c999", nil, 404)
	ta.json("PUT", "/v1/commands", nil, 405)
	ta.json("GET", "/v2/anything", nil, 404)
}

func TestFilesAreConfinedToTheRoot(t *testing.T) {
	ta := startAgent(t)
	status, _ := ta.do("PUT", "/v1/files/content?path=dir/a.txt&mkdirs=true", []byte("hello"))
	if status != 200 {
		t.Fatalf("write: %d", status)
	}
	status, data := ta.do("GET", "/v1/files/content?path="+filepathEscape(ta.root+"/dir/a.txt"), nil)
	if status != 200 || string(data) != "hello" {
		t.Fatalf("read: %d %q", status, data)
	}
	ta.json("GET", "/v1/files/content?path=dir/a.txt&maxBytes=2", nil, 413)
	ta.json("GET", "/v1/files/content?path=dir", nil, 400)
	ta.json("GET", "/v1/files/stat?path=missing", nil, 404)
	entry := ta.json("GET", "/v1/files/stat?path=dir", nil, 200)
	if entry["type"] != "directory" {
		t.Fatalf("stat: %v", entry)
	}
	os.Symlink("/etc/passwd", filepath.Join(ta.root, "evil"))
	os.Symlink("/etc", filepath.Join(ta.root, "evildir"))
	ta.json("GET", "/v1/files/content?path=evil", nil, 403)
	ta.json("GET", "/v1/files/content?path=../../etc/passwd", nil, 403)
	ta.json("GET", "/v1/files/list?path=evildir", nil, 403)
	status, _ = ta.do("PUT", "/v1/files/content?path=evildir/x", []byte("x"))
	if status != 403 {
		t.Fatalf("write through a link: %d", status)
	}
	ta.json("POST", "/v1/files/mkdir", map[string]any{"path": "evildir/sub/x", "parents": true}, 403)
	// a planted link is never written through (nor replaced)
	status, _ = ta.do("PUT", "/v1/files/content?path=evil", []byte("mine"))
	if status != 403 {
		t.Fatalf("write to a link: %d", status)
	}
	if data, _ := os.ReadFile("/etc/passwd"); string(data) == "mine" {
		t.Fatal("wrote through the link")
	}
	list := ta.json("GET", "/v1/files/list?depth=3&skip=dir", nil, 200)
	if len(list["entries"].([]any)) != 3 {
		t.Fatalf("list: %v", list)
	}
	ta.json("POST", "/v1/files/mkdir", map[string]any{"path": "dir", "parents": false}, 409)
	ta.json("POST", "/v1/files/rename", map[string]any{"from": "dir/a.txt", "to": "b.txt"}, 200)
	ta.json("POST", "/v1/files/rename", map[string]any{"from": "b.txt", "to": "/etc/b.txt"}, 403)
	ta.json("DELETE", "/v1/files?path=dir/nothing", nil, 404)
	ta.json("PUT", "/v1/files/content?path=dir/c.txt", nil, 200)
	ta.json("DELETE", "/v1/files?path=dir", nil, 409)
	ta.json("DELETE", "/v1/files?path=dir&recursive=true", nil, 204)
	ta.json("DELETE", "/v1/files?path="+filepathEscape(ta.root), nil, 403)
	if _, err := os.Stat(filepath.Join(ta.root, "dir")); err == nil {
		t.Fatal("dir not removed")
	}
}

func filepathEscape(p string) string { return strings.ReplaceAll(p, "/", "%2F") }

func TestPortReadinessAndRelay(t *testing.T) {
	ta := startAgent(t)
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	defer listener.Close()
	port := listener.Addr().(*net.TCPAddr).Port
	go func() {
		for {
			c, err := listener.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	ready := ta.json("GET", "/v1/ports/"+strconv.Itoa(port)+"/ready", nil, 200)
	if ready["ready"] != true {
		t.Fatalf("ready: %v", ready)
	}
	conn := ta.dial("/v1/ports/" + strconv.Itoa(port) + "/relay")
	conn.WriteMessage(websocket.BinaryMessage, []byte("ping"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil || string(data) != "ping" {
		t.Fatalf("relay: %q %v", data, err)
	}
	conn.Close()
	ta.json("GET", "/v1/ports/0/ready", nil, 400)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort := strconv.Itoa(closed.Addr().(*net.TCPAddr).Port)
	closed.Close()
	ta.json("GET", "/v1/ports/"+closedPort+"/relay", nil, 502)
	if r := ta.json("GET", "/v1/ports/"+closedPort+"/ready?waitMs=100", nil, 200); r["ready"] != false {
		t.Fatalf("closed port ready: %v", r)
	}
}

func TestInterpreterChannelCarriesLines(t *testing.T) {
	ta := startAgent(t)
	driver := `import sys
for line in sys.stdin:
    print("got " + line.strip(), flush=True)
`
	started := ta.json("POST", "/v1/interpreters", map[string]any{
		"argv":      []string{"python3", "-u", "-c", "import json,sys; exec(json.loads(sys.stdin.readline()))"},
		"bootstrap": mustJSON(driver)}, 201)
	id := started["id"].(string)
	conn := ta.dial("/v1/interpreters/" + id + "/channel")
	conn.WriteMessage(websocket.TextMessage, []byte("one"))
	expectLine(t, conn, "got one")
	conn.Close()
	ta.json("DELETE", "/v1/interpreters/"+id, nil, 200)
}

// Two servers ask for the interpreter by name: the second finds the first's, state included, and both
// hold a channel at once; a client that comes later starts at the driver's current line.
func TestNamedInterpreterIsSharedByEveryClient(t *testing.T) {
	ta := startAgent(t)
	driver := `import sys
count = 0
for line in sys.stdin:
    count += 1
    print("%d %s" % (count, line.strip()), flush=True)
`
	body := map[string]any{"name": "python",
		"argv":      []string{"python3", "-u", "-c", "import json,sys; exec(json.loads(sys.stdin.readline()))"},
		"bootstrap": mustJSON(driver)}
	first := ta.json("POST", "/v1/interpreters", body, 201)
	if first["created"] != true {
		t.Fatalf("first: %v", first)
	}
	a := ta.dial("/v1/interpreters/" + first["id"].(string) + "/channel")
	defer a.Close()
	a.WriteMessage(websocket.TextMessage, []byte("from-a"))
	expectLine(t, a, "1 from-a")

	second := ta.json("POST", "/v1/interpreters", body, 200)
	if second["created"] != false || second["id"] != first["id"] || second["commandId"] != first["commandId"] {
		t.Fatalf("second: %v, first: %v", second, first)
	}
	b := ta.dial("/v1/interpreters/" + second["id"].(string) + "/channel?from=now")
	defer b.Close()
	b.WriteMessage(websocket.TextMessage, []byte("from-b"))
	expectLine(t, b, "2 from-b") // not "1 from-a": b came after that line
	expectLine(t, a, "2 from-b") // every client gets every line
	ta.json("GET", "/v1/interpreters/"+first["id"].(string)+"/channel?from=later", nil, 400)

	// Once its driver ended, the name starts a fresh interpreter.
	ta.json("POST", "/v1/commands/"+first["commandId"].(string)+"/signal", map[string]any{"signal": "KILL"}, 204)
	ta.json("GET", "/v1/commands/"+first["commandId"].(string)+"/wait?timeoutMs=10000", nil, 200)
	third := ta.json("POST", "/v1/interpreters", body, 201)
	if third["created"] != true || third["id"] == first["id"] {
		t.Fatalf("third: %v", third)
	}
	ta.json("DELETE", "/v1/interpreters/"+third["id"].(string), nil, 200)
}

func expectLine(t *testing.T, conn *websocket.Conn, want string) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %q: %v", want, err)
		}
		if kind == websocket.TextMessage && strings.Contains(string(data), "agent_stderr") {
			continue
		}
		if string(data) != want {
			t.Fatalf("line: %q, want %q", data, want)
		}
		return
	}
}

func mustJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func TestRelayChannelCarriesOneConnectionAfterAnother(t *testing.T) {
	ta := startAgent(t)
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	defer listener.Close()
	port := listener.Addr().(*net.TCPAddr).Port
	accepted := make(chan struct{}, 10)
	go func() {
		for {
			c, err := listener.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			go func() { io.Copy(c, c); c.Close() }() // echoes until the client's eof, then ends its side
		}
	}()
	conn := ta.dial("/v1/ports/" + strconv.Itoa(port) + "/channel")
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	read := func() (int, string) {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("channel: %v", err)
		}
		return kind, string(data)
	}
	for i, word := range []string{"first", "second"} {
		conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"connect"}`))
		conn.WriteMessage(websocket.BinaryMessage, []byte(word))
		if kind, data := read(); kind != websocket.BinaryMessage || data != word {
			t.Fatalf("connection %d: %d %q", i, kind, data)
		}
		conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"eof"}`))
		if _, data := read(); data != `{"type":"eof"}` {
			t.Fatalf("connection %d: no eof but %q", i, data)
		}
		if _, data := read(); data != `{"type":"closed"}` {
			t.Fatalf("connection %d: not closed but %q", i, data)
		}
	}
	// the server may end a connection at once; the channel then carries the next one
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"connect"}`))
	<-accepted
	<-accepted
	<-accepted
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"close"}`))
	if _, data := read(); data != `{"type":"closed"}` {
		t.Fatalf("after close: %q", data)
	}
	listener.Close()
	// A dial to the port can still complete for a moment after Close (about 1 run in 10 here, even after the
	// blocked Accept has returned), and the agent then rightly relays that connection and its reset instead
	// of a refusal: wait until the port refuses a dial of the test's own.
	for i := 0; ; i++ {
		probe, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			break
		}
		probe.Close()
		if i == 100 {
			t.Fatalf("port %d still accepts connections 2 s after its listener was closed", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
	conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"connect"}`))
	if _, data := read(); data != `{"error":"connection_refused","type":"closed"}` {
		t.Fatalf("refused: %q", data)
	}
}
