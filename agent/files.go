package main

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const maxListEntries = 100000

type fileEntry struct {
	Name       string       `json:"name"`
	Path       string       `json:"path"`
	Type       string       `json:"type"`
	Size       int64        `json:"size"`
	Mode       string       `json:"mode"`
	ModifiedAt time.Time    `json:"modifiedAt"`
	Target     *string      `json:"target"`
	Children   []*fileEntry `json:"children,omitempty"`
}

// fileRoot confines file operations to one directory: a path is cleaned lexically, then resolved
// with its symbolic links, and must still lie under the (resolved) root.
type fileRoot struct {
	root     string // as the sandbox sees it, e.g. /home/user
	realRoot string
	maxSize  int64
}

func newFileRoot(root string, maxSize int64) *fileRoot {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = filepath.Clean(root)
	}
	return &fileRoot{root: filepath.Clean(root), realRoot: real, maxSize: maxSize}
}

// lexical cleans path (relative ones are taken from the root) and refuses what leaves the root.
func (f *fileRoot) lexical(path string) (string, *apiError) {
	if path == "" {
		return "", errorf(http.StatusBadRequest, "bad_request", "path is required")
	}
	if containsNUL(path) {
		return "", errorf(http.StatusBadRequest, "bad_request", "path must not contain NUL")
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(f.root, path)
	}
	clean := filepath.Clean(path)
	if !f.within(clean, f.root) {
		return "", errorf(http.StatusForbidden, "outside_root", "%s is outside %s", clean, f.root)
	}
	return clean, nil
}

func (f *fileRoot) within(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}

// toReal maps a lexical path to the host-real path before resolution (the root may itself be a link).
func (f *fileRoot) toReal(clean string) string {
	return f.realRoot + strings.TrimPrefix(clean, f.root)
}

// resolve follows every symbolic link of path; the target must exist and stay inside the root.
func (f *fileRoot) resolve(path string) (clean, real string, err *apiError) {
	clean, err = f.lexical(path)
	if err != nil {
		return "", "", err
	}
	resolved, e := filepath.EvalSymlinks(f.toReal(clean))
	if e != nil {
		return clean, "", fsError(e, clean)
	}
	if !f.within(resolved, f.realRoot) {
		return clean, "", errorf(http.StatusForbidden, "outside_root", "%s leads outside %s", clean, f.root)
	}
	return clean, resolved, nil
}

// resolveParent follows the links of path's parent only: the last component is the entry itself
// (a link there is removed or renamed, never followed).
func (f *fileRoot) resolveParent(path string) (clean, real string, err *apiError) {
	clean, err = f.lexical(path)
	if err != nil {
		return "", "", err
	}
	if clean == f.root {
		return clean, f.realRoot, nil
	}
	_, parent, err := f.resolve(filepath.Dir(clean))
	if err != nil {
		return clean, "", err
	}
	return clean, filepath.Join(parent, filepath.Base(clean)), nil
}

func fsError(err error, path string) *apiError {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errorf(http.StatusNotFound, "not_found", "no such file or directory: %s", path)
	case errors.Is(err, syscall.ENOTDIR):
		return errorf(http.StatusBadRequest, "not_a_directory", "a component of %s is not a directory", path)
	case errors.Is(err, fs.ErrExist):
		return errorf(http.StatusConflict, "conflict", "%s already exists", path)
	case errors.Is(err, syscall.ENOTEMPTY):
		return errorf(http.StatusConflict, "conflict", "directory %s is not empty", path)
	case errors.Is(err, syscall.ENOSPC):
		return errorf(http.StatusRequestEntityTooLarge, "too_large", "no space left for %s", path)
	case errors.Is(err, fs.ErrPermission):
		return errorf(http.StatusForbidden, "forbidden", "permission denied: %s", path)
	}
	return errorf(http.StatusInternalServerError, "internal", "file operation on %s failed", path)
}

func entryOf(path string, info fs.FileInfo, realPath string) *fileEntry {
	e := &fileEntry{Name: info.Name(), Path: path, Size: info.Size(), Mode: "0" + strconv.FormatUint(uint64(info.Mode().Perm()), 8),
		ModifiedAt: info.ModTime().UTC()}
	if path == "/" || e.Name == "" {
		e.Name = filepath.Base(path)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		e.Type = "symlink"
		if target, err := os.Readlink(realPath); err == nil {
			e.Target = &target
		}
	case info.IsDir():
		e.Type = "directory"
	case info.Mode().IsRegular():
		e.Type = "file"
	default:
		e.Type = "other"
	}
	return e
}

func (f *fileRoot) stat(path string) (*fileEntry, *apiError) {
	clean, real, err := f.resolve(path)
	if err != nil {
		return nil, err
	}
	info, e := os.Stat(real)
	if e != nil {
		return nil, fsError(e, clean)
	}
	entry := entryOf(clean, info, real)
	entry.Name = filepath.Base(clean)
	return entry, nil
}

func (f *fileRoot) list(path string, depth int, skip map[string]bool) ([]*fileEntry, *apiError) {
	clean, real, err := f.resolve(path)
	if err != nil {
		return nil, err
	}
	count := 0
	return f.listDir(clean, real, depth, skip, &count)
}

func (f *fileRoot) listDir(clean, real string, depth int, skip map[string]bool, count *int) ([]*fileEntry, *apiError) {
	dirEntries, e := os.ReadDir(real)
	if e != nil {
		if errors.Is(e, syscall.ENOTDIR) {
			return nil, errorf(http.StatusBadRequest, "not_a_directory", "%s is not a directory", clean)
		}
		return nil, fsError(e, clean)
	}
	entries := make([]*fileEntry, 0, len(dirEntries))
	for _, d := range dirEntries {
		*count++
		if *count > maxListEntries {
			return nil, errorf(http.StatusRequestEntityTooLarge, "too_large", "more than %d entries under %s", maxListEntries, clean)
		}
		info, e := d.Info()
		if e != nil {
			continue // removed meanwhile
		}
		childClean, childReal := filepath.Join(clean, d.Name()), filepath.Join(real, d.Name())
		entry := entryOf(childClean, info, childReal)
		if entry.Type == "directory" && depth > 1 && !skip[d.Name()] {
			children, err := f.listDir(childClean, childReal, depth-1, skip, count)
			if err != nil {
				return nil, err
			}
			entry.Children = children
		} else if entry.Type == "directory" && depth > 1 {
			entry.Children = []*fileEntry{}
		}
		entries = append(entries, entry)
	}
	return entries, nil
}

func (f *fileRoot) read(w http.ResponseWriter, path string, maxBytes int64) *apiError {
	clean, real, err := f.resolve(path)
	if err != nil {
		return err
	}
	file, e := os.Open(real)
	if e != nil {
		return fsError(e, clean)
	}
	defer file.Close()
	info, e := file.Stat()
	if e != nil {
		return fsError(e, clean)
	}
	if !info.Mode().IsRegular() {
		return errorf(http.StatusBadRequest, "not_a_file", "%s is not a regular file", clean)
	}
	if maxBytes > 0 && info.Size() > maxBytes {
		return errorf(http.StatusRequestEntityTooLarge, "too_large", "%s has %d bytes, more than %d", clean, info.Size(), maxBytes)
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(info.Size(), 10))
	w.WriteHeader(http.StatusOK)
	io.CopyN(w, file, info.Size())
	return nil
}

// write streams body into a temporary file next to the target and renames it over the target, so
// that a reader never sees half a file and a link at the target is replaced, never followed.
func (f *fileRoot) write(path string, body io.Reader, mkdirs bool) (*fileEntry, *apiError) {
	clean, err := f.lexical(path)
	if err != nil {
		return nil, err
	}
	if clean == f.root {
		return nil, errorf(http.StatusBadRequest, "not_a_file", "%s is a directory", clean)
	}
	if mkdirs {
		if _, err := f.mkdir(filepath.Dir(clean), true); err != nil && err.status != http.StatusConflict {
			return nil, err
		}
	}
	clean, real, err := f.resolveParent(clean)
	if err != nil {
		return nil, err
	}
	if info, e := os.Lstat(real); e == nil && info.IsDir() {
		return nil, errorf(http.StatusBadRequest, "not_a_file", "%s is a directory", clean)
	} else if e == nil && info.Mode()&fs.ModeSymlink != 0 {
		// as before the agent: a planted link is never written through, nor silently replaced
		return nil, errorf(http.StatusForbidden, "outside_root", "%s is a symbolic link", clean)
	}
	tmp, e := os.CreateTemp(filepath.Dir(real), ".codingit-upload-*")
	if e != nil {
		return nil, fsError(e, clean)
	}
	n, e := io.Copy(tmp, io.LimitReader(body, f.maxSize+1))
	closeErr := tmp.Close()
	if e == nil {
		e = closeErr
	}
	if e == nil && n > f.maxSize {
		os.Remove(tmp.Name())
		return nil, errorf(http.StatusRequestEntityTooLarge, "too_large", "a file may have at most %d bytes", f.maxSize)
	}
	if e == nil {
		e = os.Chmod(tmp.Name(), 0o644)
	}
	if e == nil {
		e = os.Rename(tmp.Name(), real)
	}
	if e != nil {
		os.Remove(tmp.Name())
		return nil, fsError(e, clean)
	}
	return f.stat(clean)
}

func (f *fileRoot) mkdir(path string, parents bool) (*fileEntry, *apiError) {
	clean, err := f.lexical(path)
	if err != nil {
		return nil, err
	}
	if parents {
		// create one component at a time, each checked after resolution, so a planted link cannot lead out
		current := f.root
		for _, part := range strings.Split(strings.TrimPrefix(clean, f.root), "/") {
			if part == "" {
				continue
			}
			current = filepath.Join(current, part)
			_, real, err := f.resolveParent(current)
			if err != nil {
				return nil, err
			}
			if e := os.Mkdir(real, 0o755); e != nil && !errors.Is(e, fs.ErrExist) {
				return nil, fsError(e, current)
			}
			if _, _, err := f.resolve(current); err != nil {
				return nil, err
			}
		}
		entry, err := f.stat(clean)
		if err == nil && entry.Type != "directory" {
			return nil, errorf(http.StatusBadRequest, "not_a_directory", "%s is not a directory", clean)
		}
		return entry, err
	}
	clean, real, err := f.resolveParent(clean)
	if err != nil {
		return nil, err
	}
	if e := os.Mkdir(real, 0o755); e != nil {
		return nil, fsError(e, clean)
	}
	return f.stat(clean)
}

func (f *fileRoot) rename(from, to string, overwrite bool) (*fileEntry, *apiError) {
	fromClean, fromReal, err := f.resolveParent(from)
	if err != nil {
		return nil, err
	}
	toClean, toReal, err := f.resolveParent(to)
	if err != nil {
		return nil, err
	}
	if fromClean == f.root || toClean == f.root {
		return nil, errorf(http.StatusForbidden, "outside_root", "the root itself cannot be renamed")
	}
	if _, e := os.Lstat(fromReal); e != nil {
		return nil, fsError(e, fromClean)
	}
	if _, e := os.Lstat(toReal); e == nil && !overwrite {
		return nil, errorf(http.StatusConflict, "conflict", "%s already exists", toClean)
	}
	if e := os.Rename(fromReal, toReal); e != nil {
		return nil, fsError(e, toClean)
	}
	info, e := os.Lstat(toReal)
	if e != nil {
		return nil, fsError(e, toClean)
	}
	return entryOf(toClean, info, toReal), nil
}

func (f *fileRoot) remove(path string, recursive bool) *apiError {
	clean, real, err := f.resolveParent(path)
	if err != nil {
		return err
	}
	if clean == f.root {
		return errorf(http.StatusForbidden, "outside_root", "the root itself cannot be removed")
	}
	if _, e := os.Lstat(real); e != nil {
		return fsError(e, clean)
	}
	var e error
	if recursive {
		e = os.RemoveAll(real)
	} else {
		e = os.Remove(real)
		if errors.Is(e, syscall.EEXIST) {
			e = syscall.ENOTEMPTY
		}
	}
	if e != nil {
		return fsError(e, clean)
	}
	return nil
}
