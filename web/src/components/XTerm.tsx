// xterm.js bound to the server's terminal WebSocket (docs/terminal.md): a single-use ticket from
// POST /api/terminal/ticket, then JSON frames input/resize/ping <-> output/exit/pong/error.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { api, humanError } from '../api';
import { isDark } from './theme';
import { adoptStyles } from '../cspStyles';

const light = { background: '#fbfbfd', foreground: '#1d1f24', cursor: '#1d1f24', selectionBackground: '#c7d7f5' };
const dark = { background: '#16181d', foreground: '#e4e6eb', cursor: '#e4e6eb', selectionBackground: '#3a4a6b' };

export function XTerm({ sbxId }: { sbxId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('connecting…');

  useEffect(() => {
    const el = host.current!;
    // xterm writes its layout and colours into <style> elements: see cspStyles.ts
    const undoStyles = adoptStyles(el);
    const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, theme: isDark() ? dark : light, screenReaderMode: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    try { fit.fit(); } catch { /* not laid out yet */ }
    let ws: WebSocket | null = null;
    let closed = false;
    let ping: number | undefined;
    const onTheme = () => (term.options.theme = isDark() ? dark : light);
    window.addEventListener('codingit-theme', onTheme);
    const onResize = () => { try { fit.fit(); } catch { /* hidden */ } };
    window.addEventListener('resize', onResize);

    (async () => {
      try {
        const { ticket } = await api<{ ticket: string }>('/api/terminal/ticket', { method: 'POST', body: { sbxId } });
        if (closed) return;
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        ws = new WebSocket(`${scheme}://${location.host}/api/terminal/ws?ticket=${encodeURIComponent(ticket)}&sbxId=${encodeURIComponent(sbxId)}`);
        ws.onopen = () => {
          setStatus('connected');
          ws!.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
          ping = window.setInterval(() => ws?.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 25000);
          term.focus();
        };
        ws.onmessage = (m) => {
          const frame = JSON.parse(m.data);
          if (frame.type === 'output') term.write(frame.data);
          else if (frame.type === 'exit') { term.write(`\r\n[shell exited with code ${frame.code}]\r\n`); setStatus(`shell exited (${frame.code})`); }
          else if (frame.type === 'error') setStatus(`error: ${frame.message}`);
        };
        ws.onclose = (e) => { if (!closed) setStatus(e.code === 1000 ? 'closed' : `disconnected (${e.code})`); };
        ws.onerror = () => setStatus('the connection failed');
      } catch (e) {
        setStatus(humanError(e));
      }
    })();
    const input = term.onData((d) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'input', data: d })));
    const resize = term.onResize(({ cols, rows }) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', cols, rows })));
    return () => {
      closed = true;
      clearInterval(ping);
      input.dispose(); resize.dispose();
      ws?.close();
      window.removeEventListener('codingit-theme', onTheme);
      window.removeEventListener('resize', onResize);
      term.dispose();
      undoStyles();
    };
  }, [sbxId]);

  return (
    <div class="terminal-wrap">
      <p class="muted" role="status" id="terminal-status">Terminal: {status}</p>
      <div class="term-host" ref={host} id="terminal" aria-label="Terminal on the sandbox" />
    </div>
  );
}
