package main

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

const defaultMaxLine = 32 << 20

type agent struct {
	cfg       config
	startedAt time.Time
	commands  *commandTable
	files     *fileRoot
	treeKill  string

	mu           sync.Mutex
	interpreters map[string]*interpreter
	nextInterp   int
}

type interpreter struct {
	id      string
	name    string
	command *command
	maxLine int
}

func newAgent(cfg config, cgroups *cgroupTree) *agent {
	treeKill := "cgroup"
	if cgroups == nil {
		treeKill = "process-group"
	}
	commands := &commandTable{cfg: cfg, cgroups: cgroups, self: selfExecutable()}
	// the first command's shim is made ready now, off any request's path (a local sandbox waits in the warm pool)
	commands.prepareShim()
	return &agent{cfg: cfg, startedAt: time.Now().UTC(), files: newFileRoot(cfg.root, cfg.maxFileSize), treeKill: treeKill,
		commands: commands, interpreters: map[string]*interpreter{}}
}

func (a *agent) killAll() { a.commands.killAll() }

func (a *agent) routes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if len(parts) < 2 || parts[0] != "v1" {
			writeError(w, http.StatusNotFound, "not_found", "no such route")
			return
		}
		switch parts[1] {
		case "health":
			a.route(w, r, len(parts) == 2, map[string]http.HandlerFunc{"GET": a.health})
		case "commands":
			a.commandRoutes(w, r, parts[2:])
		case "interpreters":
			a.interpreterRoutes(w, r, parts[2:])
		case "files":
			a.fileRoutes(w, r, parts[2:])
		case "ports":
			a.portRoutes(w, r, parts[2:])
		default:
			writeError(w, http.StatusNotFound, "not_found", "no such route")
		}
	})
}

func (a *agent) route(w http.ResponseWriter, r *http.Request, matched bool, byMethod map[string]http.HandlerFunc) {
	if !matched {
		writeError(w, http.StatusNotFound, "not_found", "no such route")
		return
	}
	handler, ok := byMethod[r.Method]
	if !ok {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here")
		return
	}
	handler(w, r)
}

func (a *agent) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"protocol": protocolVersion, "agentVersion": agentVersion, "pid": os.Getpid(),
		"uid": os.Getuid(), "root": a.cfg.root, "startedAt": a.startedAt, "commands": len(a.commands.list()), "treeKill": a.treeKill})
}

func (a *agent) commandRoutes(w http.ResponseWriter, r *http.Request, rest []string) {
	if len(rest) == 0 {
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": a.listCommands, "POST": a.startCommand})
		return
	}
	if rest[0] == "run" && len(rest) == 1 {
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": a.runCommand})
		return
	}
	c, err := a.commands.find(rest[0])
	if err != nil {
		writeAPIError(w, err)
		return
	}
	action := ""
	if len(rest) == 2 {
		action = rest[1]
	}
	switch action {
	case "":
		a.route(w, r, len(rest) == 1, map[string]http.HandlerFunc{
			"GET":    func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, c.state()) },
			"DELETE": func(w http.ResponseWriter, r *http.Request) { a.deleteCommand(w, c) }})
	case "attach":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			from, e := strconv.ParseInt(queryOr(r, "from", "0"), 10, 64)
			if e != nil || from < 0 {
				writeError(w, http.StatusBadRequest, "bad_request", "from must be an offset ≥ 0")
				return
			}
			conn, e := upgrader.Upgrade(w, r, nil)
			if e != nil {
				return
			}
			c.attach(&wsConn{Conn: conn}, from)
		}})
	case "signal":
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Signal string `json:"signal"`
			}
			if err := readJSON(r, &body); err != nil {
				writeAPIError(w, err)
				return
			}
			sig, ok := signalNames[body.Signal]
			if !ok {
				writeError(w, http.StatusBadRequest, "bad_request", "unknown signal: "+body.Signal)
				return
			}
			noContentOr(w, c.signal(sig))
		}})
	case "resize":
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": func(w http.ResponseWriter, r *http.Request) {
			var size ptySize
			if err := readJSON(r, &size); err != nil {
				writeAPIError(w, err)
				return
			}
			noContentOr(w, c.resize(size))
		}})
	case "wait":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			ms, e := strconv.ParseInt(queryOr(r, "timeoutMs", "0"), 10, 64)
			if e != nil || ms < 0 || ms > 600000 {
				writeError(w, http.StatusBadRequest, "bad_request", "timeoutMs must be 0..600000")
				return
			}
			select {
			case <-c.done:
			case <-time.After(time.Duration(ms) * time.Millisecond):
			case <-r.Context().Done():
				return
			}
			writeJSON(w, http.StatusOK, c.state())
		}})
	default:
		writeError(w, http.StatusNotFound, "not_found", "no such route")
	}
}

func noContentOr(w http.ResponseWriter, err *apiError) {
	if err != nil {
		writeAPIError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func queryOr(r *http.Request, name, fallback string) string {
	if v := r.URL.Query().Get(name); v != "" {
		return v
	}
	return fallback
}

func (a *agent) listCommands(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"commands": a.commands.list()})
}

// resolveDir checks a command's working directory. Unlike file operations it is not confined to the
// root: a command runs as the sandbox user and may work anywhere the sandbox lets it (/tmp included).
func (a *agent) resolveDir(path string) (string, *apiError) {
	if containsNUL(path) {
		return "", errorf(http.StatusBadRequest, "bad_request", "cwd must not contain NUL")
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(a.cfg.root, path)
	}
	info, e := os.Stat(path)
	if e != nil {
		return "", fsError(e, path)
	}
	if !info.IsDir() {
		return "", errorf(http.StatusBadRequest, "not_a_directory", "%s is not a directory", path)
	}
	return path, nil
}

func (a *agent) startCommand(w http.ResponseWriter, r *http.Request) {
	var req commandRequest
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, err)
		return
	}
	if req.StdinText != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "stdinText is only for /v1/commands/run")
		return
	}
	c, err := a.commands.start(&req, a.resolveDir)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, c.state())
}

func (a *agent) runCommand(w http.ResponseWriter, r *http.Request) {
	var req commandRequest
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, err)
		return
	}
	if req.Pty != nil || req.Stdin || req.KillOnDetach {
		writeError(w, http.StatusBadRequest, "bad_request", "run takes neither pty, stdin nor killOnDetach (use stdinText)")
		return
	}
	c, err := a.commands.start(&req, a.resolveDir)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	defer a.commands.forget(c)
	select {
	case <-c.done:
	case <-r.Context().Done():
		c.kill() // the caller went away
		<-c.done
		return
	}
	s := c.state()
	out := c.output
	out.mu.Lock()
	body := map[string]any{"exitCode": *s.ExitCode, "timedOut": s.TimedOut,
		"stdout": out.stdout.text(), "stderr": out.stderr.text(),
		"stdoutTruncated": out.stdout.truncated(), "stderrTruncated": out.stderr.truncated(),
		"stdoutBytes": out.stdout.total, "stderrBytes": out.stderr.total}
	out.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

func (a *agent) deleteCommand(w http.ResponseWriter, c *command) {
	// "everything it started": processes it left behind are killed even when its main process has ended
	if c.isRunning() || c.killTreeAfterExit {
		c.kill()
	}
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		writeError(w, http.StatusInternalServerError, "internal", "command "+c.id+" did not end within 10 s")
		return
	}
	a.commands.forget(c)
	writeJSON(w, http.StatusOK, c.state())
}

func (a *agent) interpreterRoutes(w http.ResponseWriter, r *http.Request, rest []string) {
	if len(rest) == 0 {
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": a.startInterpreter})
		return
	}
	a.mu.Lock()
	in, ok := a.interpreters[rest[0]]
	a.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "no interpreter "+rest[0])
		return
	}
	switch {
	case len(rest) == 1:
		a.route(w, r, true, map[string]http.HandlerFunc{"DELETE": func(w http.ResponseWriter, r *http.Request) {
			a.mu.Lock()
			delete(a.interpreters, in.id)
			a.mu.Unlock()
			a.deleteCommand(w, in.command)
		}})
	case len(rest) == 2 && rest[1] == "channel":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			from := queryOr(r, "from", "start")
			if from != "start" && from != "now" {
				writeError(w, http.StatusBadRequest, "bad_request", "from must be start or now")
				return
			}
			conn, e := upgrader.Upgrade(w, r, nil)
			if e != nil {
				return
			}
			in.command.interpreterChannel(&wsConn{Conn: conn}, in.maxLine, from == "now")
		}})
	default:
		writeError(w, http.StatusNotFound, "not_found", "no such route")
	}
}

func (a *agent) startInterpreter(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name         string            `json:"name"`
		Argv         []string          `json:"argv"`
		Env          map[string]string `json:"env"`
		Cwd          string            `json:"cwd"`
		Bootstrap    string            `json:"bootstrap"`
		MaxLineBytes int               `json:"maxLineBytes"`
	}
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, err)
		return
	}
	if len(req.Name) > 64 || containsNUL(req.Name) {
		writeError(w, http.StatusBadRequest, "bad_request", "name is at most 64 characters")
		return
	}
	maxLine := req.MaxLineBytes
	if maxLine <= 0 || maxLine > maxReplay/2 {
		maxLine = defaultMaxLine
	}
	// Held while starting, so that two servers asking for the same name at once get one interpreter.
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.Name != "" {
		for _, in := range a.interpreters {
			if in.name == req.Name && in.command.isRunning() {
				writeJSON(w, http.StatusOK, map[string]any{"id": in.id, "commandId": in.command.id, "created": false})
				return
			}
		}
		for id, in := range a.interpreters {
			if in.name == req.Name { // its driver ended: the name goes to the new one
				delete(a.interpreters, id)
				a.commands.forget(in.command)
			}
		}
	}
	c, err := a.commands.start(&commandRequest{Argv: req.Argv, Env: req.Env, Cwd: req.Cwd, Stdin: true,
		ReplayBytes: int64(maxLine) + defaultReplay, Tag: "interpreter"}, a.resolveDir)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	if req.Bootstrap != "" {
		c.writeStdin([]byte(req.Bootstrap + "\n"))
	}
	a.nextInterp++
	in := &interpreter{id: "i" + strconv.Itoa(a.nextInterp), name: req.Name, command: c, maxLine: maxLine}
	a.interpreters[in.id] = in
	writeJSON(w, http.StatusCreated, map[string]any{"id": in.id, "commandId": c.id, "created": true})
}

func (a *agent) fileRoutes(w http.ResponseWriter, r *http.Request, rest []string) {
	q := r.URL.Query()
	name := ""
	if len(rest) == 1 {
		name = rest[0]
	} else if len(rest) > 1 {
		writeError(w, http.StatusNotFound, "not_found", "no such route")
		return
	}
	switch name {
	case "":
		a.route(w, r, true, map[string]http.HandlerFunc{"DELETE": func(w http.ResponseWriter, r *http.Request) {
			noContentOr(w, a.files.remove(q.Get("path"), q.Get("recursive") == "true"))
		}})
	case "stat":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			entry, err := a.files.stat(q.Get("path"))
			answer(w, http.StatusOK, entry, err)
		}})
	case "list":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			depth, e := strconv.Atoi(queryOr(r, "depth", "1"))
			if e != nil || depth < 1 || depth > 20 {
				writeError(w, http.StatusBadRequest, "bad_request", "depth must be 1..20")
				return
			}
			skip := map[string]bool{}
			for _, s := range q["skip"] {
				skip[s] = true
			}
			entries, err := a.files.list(queryOr(r, "path", a.cfg.root), depth, skip)
			answer(w, http.StatusOK, map[string]any{"entries": entries}, err)
		}})
	case "content":
		a.route(w, r, true, map[string]http.HandlerFunc{
			"GET": func(w http.ResponseWriter, r *http.Request) {
				max, e := strconv.ParseInt(queryOr(r, "maxBytes", "0"), 10, 64)
				if e != nil || max < 0 {
					writeError(w, http.StatusBadRequest, "bad_request", "maxBytes must be ≥ 0")
					return
				}
				if err := a.files.read(w, q.Get("path"), max); err != nil {
					writeAPIError(w, err)
				}
			},
			"PUT": func(w http.ResponseWriter, r *http.Request) {
				entry, err := a.files.write(q.Get("path"), r.Body, q.Get("mkdirs") == "true")
				answer(w, http.StatusOK, entry, err)
			}})
	case "mkdir":
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Path    string `json:"path"`
				Parents bool   `json:"parents"`
			}
			if err := readJSON(r, &body); err != nil {
				writeAPIError(w, err)
				return
			}
			entry, err := a.files.mkdir(body.Path, body.Parents)
			answer(w, http.StatusCreated, entry, err)
		}})
	case "rename":
		a.route(w, r, true, map[string]http.HandlerFunc{"POST": func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				From      string `json:"from"`
				To        string `json:"to"`
				Overwrite bool   `json:"overwrite"`
			}
			if err := readJSON(r, &body); err != nil {
				writeAPIError(w, err)
				return
			}
			entry, err := a.files.rename(body.From, body.To, body.Overwrite)
			answer(w, http.StatusOK, entry, err)
		}})
	default:
		writeError(w, http.StatusNotFound, "not_found", "no such route")
	}
}

func answer(w http.ResponseWriter, status int, value any, err *apiError) {
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, status, value)
}

func (a *agent) portRoutes(w http.ResponseWriter, r *http.Request, rest []string) {
	if len(rest) != 2 {
		writeError(w, http.StatusNotFound, "not_found", "no such route")
		return
	}
	port, e := strconv.Atoi(rest[0])
	if e != nil || port < 1 || port > 65535 {
		writeError(w, http.StatusBadRequest, "bad_request", "port must be 1..65535")
		return
	}
	switch rest[1] {
	case "ready":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			ms, e := strconv.Atoi(queryOr(r, "waitMs", "0"))
			if e != nil || ms < 0 || ms > 120000 {
				writeError(w, http.StatusBadRequest, "bad_request", "waitMs must be 0..120000")
				return
			}
			deadline := time.Now().Add(time.Duration(ms) * time.Millisecond)
			ready := portReady(port)
			for !ready && time.Now().Before(deadline) && r.Context().Err() == nil {
				time.Sleep(50 * time.Millisecond)
				ready = portReady(port)
			}
			writeJSON(w, http.StatusOK, map[string]any{"port": port, "ready": ready})
		}})
	case "relay":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			tcp, e := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 5*time.Second)
			if e != nil {
				writeError(w, http.StatusBadGateway, "connection_refused", "nothing accepts connections on port "+strconv.Itoa(port))
				return
			}
			conn, e := upgrader.Upgrade(w, r, nil)
			if e != nil {
				tcp.Close()
				return
			}
			relay(&wsConn{Conn: conn}, tcp.(*net.TCPConn))
		}})
	case "channel":
		a.route(w, r, true, map[string]http.HandlerFunc{"GET": func(w http.ResponseWriter, r *http.Request) {
			conn, e := upgrader.Upgrade(w, r, nil)
			if e != nil {
				return
			}
			relayChannel(&wsConn{Conn: conn}, port)
		}})
	default:
		writeError(w, http.StatusNotFound, "not_found", "no such route")
	}
}
