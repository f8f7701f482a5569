package main

import (
	"fmt"
	"strconv"
	"strings"
)

type config struct {
	listen              string
	root                string
	secretFD            int
	cgroupFDs           []int
	env                 map[string]string
	outputLimit         int64
	maxCommands         int
	maxFinished         int
	maxFileSize         int64
	replayWindowSeconds int
	maxNonces           int
	forwards            []forward
}

func defaultEnv() map[string]string {
	return map[string]string{
		"HOME": "/home/user", "USER": "user", "LOGNAME": "user", "PATH": "/usr/local/bin:/usr/bin:/bin",
		"LANG": "C.UTF-8", "MPLBACKEND": "Agg", "TERM": "xterm-256color",
	}
}

func defaultConfig() config {
	return config{root: "/home/user", env: defaultEnv(), outputLimit: 1 << 20, maxCommands: 1024, maxFinished: 64,
		maxFileSize: 1 << 30, replayWindowSeconds: 60, maxNonces: 100000}
}

func parseConfig(args []string) (config, error) {
	cfg := defaultConfig()
	for i := 0; i < len(args); i++ {
		name := args[i]
		if i+1 >= len(args) {
			return cfg, fmt.Errorf("%s needs a value", name)
		}
		value := args[i+1]
		i++
		var err error
		switch name {
		case "--listen":
			cfg.listen = value
		case "--root":
			cfg.root = value
		case "--secret-fd":
			cfg.secretFD, err = strconv.Atoi(value)
		case "--cgroup-fd":
			var fd int
			fd, err = strconv.Atoi(value)
			cfg.cgroupFDs = append(cfg.cgroupFDs, fd)
		case "--env":
			k, v, ok := strings.Cut(value, "=")
			if !ok || !validEnvName(k) {
				return cfg, fmt.Errorf("--env needs NAME=VALUE, not %q", value)
			}
			cfg.env[k] = v
		case "--forward":
			var f forward
			f, err = parseForward(value)
			cfg.forwards = append(cfg.forwards, f)
		case "--output-limit":
			cfg.outputLimit, err = strconv.ParseInt(value, 10, 64)
		case "--max-commands":
			cfg.maxCommands, err = strconv.Atoi(value)
		case "--max-finished":
			cfg.maxFinished, err = strconv.Atoi(value)
		case "--max-file-size":
			cfg.maxFileSize, err = strconv.ParseInt(value, 10, 64)
		case "--replay-window":
			cfg.replayWindowSeconds, err = strconv.Atoi(value)
		case "--max-nonces":
			cfg.maxNonces, err = strconv.Atoi(value)
		default:
			return cfg, fmt.Errorf("unknown option %s", name)
		}
		if err != nil {
			return cfg, fmt.Errorf("%s: %v", name, err)
		}
	}
	if cfg.listen == "" {
		return cfg, fmt.Errorf("--listen is required")
	}
	return cfg, nil
}

func validEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		letter := c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
