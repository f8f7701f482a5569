package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const authScheme = "CodingIT-HMAC-SHA256 "

func decodeSecret(text string) ([]byte, error) {
	secret, err := hex.DecodeString(text)
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("the secret must be at least 32 bytes, hex-encoded")
	}
	return secret, nil
}

// signature is the protocol's HMAC over method, request target, timestamp and nonce.
func signature(secret []byte, method, target, timestamp, nonce string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(method + "\n" + target + "\n" + timestamp + "\n" + nonce))
	return hex.EncodeToString(mac.Sum(nil))
}

// authenticator refuses every request that is not signed with the sandbox's secret, is outside the
// replay window, or repeats a nonce seen within it.
type authenticator struct {
	secret []byte
	window time.Duration
	now    func() time.Time
	next   http.Handler

	mu        sync.Mutex
	maxNonces int
	nonces    map[string]time.Time // nonce -> when it may be forgotten
	lastSweep time.Time
}

func newAuthenticator(secret []byte, window time.Duration, maxNonces int, next http.Handler) *authenticator {
	return &authenticator{secret: secret, window: window, now: time.Now, next: next, maxNonces: maxNonces,
		nonces: map[string]time.Time{}}
}

func (a *authenticator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status, code, message := a.check(r)
	if status != 0 {
		writeError(w, status, code, message)
		return
	}
	a.next.ServeHTTP(w, r)
}

func (a *authenticator) check(r *http.Request) (int, string, string) {
	timestamp := r.Header.Get("X-Codingit-Timestamp")
	nonce := r.Header.Get("X-Codingit-Nonce")
	auth := r.Header.Get("Authorization")
	if timestamp == "" || nonce == "" || !strings.HasPrefix(auth, authScheme) {
		return http.StatusUnauthorized, "unauthorized", "missing authentication"
	}
	if !validNonce(nonce) {
		return http.StatusUnauthorized, "unauthorized", "invalid authentication"
	}
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return http.StatusUnauthorized, "unauthorized", "invalid authentication"
	}
	now := a.now()
	skew := now.Sub(time.Unix(seconds, 0))
	if skew > a.window || skew < -a.window {
		return http.StatusUnauthorized, "unauthorized", "expired authentication"
	}
	expected := signature(a.secret, r.Method, r.RequestURI, timestamp, nonce)
	given := strings.TrimPrefix(auth, authScheme)
	if !hmac.Equal([]byte(expected), []byte(given)) {
		return http.StatusUnauthorized, "unauthorized", "invalid authentication"
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sweep(now)
	if _, seen := a.nonces[nonce]; seen {
		return http.StatusUnauthorized, "unauthorized", "invalid authentication"
	}
	if len(a.nonces) >= a.maxNonces {
		return http.StatusServiceUnavailable, "busy", "too many requests within the replay window"
	}
	a.nonces[nonce] = now.Add(2 * a.window)
	return 0, "", ""
}

// sweep forgets nonces whose timestamps can no longer pass the window check (at most once a second).
func (a *authenticator) sweep(now time.Time) {
	if now.Sub(a.lastSweep) < time.Second {
		return
	}
	a.lastSweep = now
	for nonce, until := range a.nonces {
		if now.After(until) {
			delete(a.nonces, nonce)
		}
	}
}

func validNonce(nonce string) bool {
	if len(nonce) < 16 || len(nonce) > 64 {
		return false
	}
	for _, c := range nonce {
		if !(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return true
}
