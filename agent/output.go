package main

import (
	"bytes"
	"strings"
	"sync"
)

// chunk is one read from a command's output; offset counts both streams together.
type chunk struct {
	channel byte
	offset  int64
	data    []byte
}

func (c chunk) end() int64 { return c.offset + int64(len(c.data)) }

// capped keeps at most limit bytes of one stream and counts the rest.
type capped struct {
	limit int64
	buf   bytes.Buffer
	total int64
}

func (c *capped) write(p []byte) {
	c.total += int64(len(p))
	if room := c.limit - int64(c.buf.Len()); room > 0 {
		if int64(len(p)) > room {
			p = p[:room]
		}
		c.buf.Write(p)
	}
}

func (c *capped) truncated() bool { return c.total > int64(c.buf.Len()) }

// text decodes as UTF-8; invalid sequences (and a character cut by the cap) become U+FFFD.
func (c *capped) text() string { return strings.ToValidUTF8(c.buf.String(), "\uFFFD") }

// outputLog is a command's output: a bounded replay buffer for attached clients (oldest chunks
// dropped first) and the capped streams for whoever waits for the whole result.
type outputLog struct {
	mu            sync.Mutex
	changed       *sync.Cond
	chunks        []chunk
	start         int64 // offset of the first byte still kept
	end           int64 // bytes read so far
	kept          int64
	replayMax     int64
	stdout        capped
	stderr        capped
	finished      bool
	lastLineStart int64 // offset just after the last newline of stdout
}

func newOutputLog(replayMax, outputLimit int64) *outputLog {
	l := &outputLog{replayMax: replayMax, stdout: capped{limit: outputLimit}, stderr: capped{limit: outputLimit}}
	l.changed = sync.NewCond(&l.mu)
	return l
}

func (l *outputLog) append(channel byte, p []byte) {
	data := append([]byte(nil), p...)
	l.mu.Lock()
	if channel == 1 {
		l.stdout.write(data)
		if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
			l.lastLineStart = l.end + int64(i) + 1
		}
	} else {
		l.stderr.write(data)
	}
	l.chunks = append(l.chunks, chunk{channel: channel, offset: l.end, data: data})
	l.end += int64(len(data))
	l.kept += int64(len(data))
	for l.kept > l.replayMax && len(l.chunks) > 0 {
		l.kept -= int64(len(l.chunks[0].data))
		l.chunks = l.chunks[1:]
		if len(l.chunks) > 0 {
			l.start = l.chunks[0].offset
		} else {
			l.start = l.end
		}
	}
	l.mu.Unlock()
	l.changed.Broadcast()
}

func (l *outputLog) finish() {
	l.mu.Lock()
	l.finished = true
	l.mu.Unlock()
	l.changed.Broadcast()
}

// next blocks until there is output at or after pos, the log is finished, or stop() is true. It
// returns the gap [pos, start) if output was dropped before pos could be read.
func (l *outputLog) next(pos int64, stop func() bool) (gapTo int64, chunks []chunk, finished bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.end <= pos && !l.finished && !stop() {
		l.changed.Wait()
	}
	if pos < l.start {
		gapTo = l.start
		pos = l.start
	}
	for _, c := range l.chunks {
		if c.end() <= pos {
			continue
		}
		if c.offset < pos {
			c = chunk{channel: c.channel, offset: pos, data: c.data[pos-c.offset:]}
		}
		chunks = append(chunks, c)
	}
	return gapTo, chunks, l.finished && (len(chunks) == 0 || chunks[len(chunks)-1].end() == l.end)
}

// lineStart is the offset where the line stdout is writing now began.
func (l *outputLog) lineStart() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastLineStart
}

func (l *outputLog) wake() { l.changed.Broadcast() }
