package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

const maxJSONBody = 1 << 20

type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"error": code, "message": message})
}

func writeAPIError(w http.ResponseWriter, err error) {
	if e, ok := err.(*apiError); ok {
		writeError(w, e.status, e.code, e.message)
		return
	}
	writeError(w, http.StatusInternalServerError, "internal", err.Error())
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(value)
}

// readJSON decodes a bounded body strictly: unknown fields and trailing data are refused.
func readJSON(r *http.Request, into any) *apiError {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "could not read the body")
	}
	if len(body) > maxJSONBody {
		return errorf(http.StatusRequestEntityTooLarge, "too_large", "a JSON body may have at most %d bytes", maxJSONBody)
	}
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(into); err != nil {
		return errorf(http.StatusBadRequest, "bad_request", "invalid JSON: %v", err)
	}
	if decoder.More() {
		return errorf(http.StatusBadRequest, "bad_request", "invalid JSON: trailing data")
	}
	return nil
}
