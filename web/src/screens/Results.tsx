// What a run produced: interpreter output and rich results, or a web app's live preview.
import { useState } from 'preact/hooks';
import { CellResult, RunResult } from '../api';

function joined(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join('') : v ?? '';
}

/** The dependency installer's output: live while it runs, kept after (an error when the install failed). */
function InstallOutput({ result }: { result: RunResult }) {
  if (result.install == null) return null;
  return (
    <div class="stack" id="install">
      <h3>{result.installing ? 'Installing dependencies…' : result.installFailed ? 'Installing dependencies failed' : 'Dependencies installed'}</h3>
      <pre class={`out${result.installFailed ? ' err' : ''}`} id="install-output">{result.install || '(no output yet)'}</pre>
      {result.installing && <div class="busy" role="status" id="install-live"><span class="spinner" aria-hidden="true" />Installing — the installer's output appears as it comes</div>}
    </div>
  );
}

export function Results({ result }: { result: RunResult }) {
  if (result.installing || result.installFailed) return <div id="results"><InstallOutput result={result} /></div>;
  if (result.url) return <><InstallOutput result={result} /><Preview url={result.url} sbxId={result.sbxId} /></>;
  if (result.template && result.template !== 'code-interpreter-v1' && result.storedAt) {
    return <p class="muted" id="results">The app's preview shows while its sandbox runs; run the version again to see it.</p>;
  }
  const stdout = joined(result.stdout), stderr = joined(result.stderr);
  const cells = result.cellResults ?? [];
  return (
    <div class="stack" id="results">
      {result.storedAt
        ? <p class="muted" id="stored-result">Stored result of {new Date(result.storedAt).toLocaleString()} ({result.template})</p>
        : <p class="muted">Sandbox <code id="sbx-id">{result.sbxId}</code> ({result.template})</p>}
      <InstallOutput result={result} />
      {cells.map((c, i) => <RichResult key={i} result={c} index={i} />)}
      {stdout && <><h3>Output</h3><pre class="out" id="stdout">{stdout}</pre></>}
      {stderr && <><h3>Errors and warnings</h3><pre class="out err" id="stderr">{stderr}</pre></>}
      {result.running && <div class="busy" role="status" id="run-live"><span class="spinner" aria-hidden="true" />Running — output appears as it comes</div>}
      {result.runtimeError?.name === 'KeyboardInterrupt' ? (
        <p role="status" id="run-stopped">Stopped. The cell was interrupted; the sandbox and its interpreter's state
          (variables, imports) are kept, and the next run goes into the same sandbox.</p>
      ) : result.runtimeError && (
        <div class="error" role="alert" id="runtime-error">
          <strong>{result.runtimeError.name}: {result.runtimeError.value}</strong>
          <details open><summary>Traceback</summary><pre>{result.runtimeError.traceback}</pre></details>
        </div>
      )}
      {!result.running && !stdout && !stderr && !cells.length && !result.runtimeError && <p class="muted">The code ran and printed nothing.</p>}
    </div>
  );
}

function RichResult({ result, index }: { result: CellResult; index: number }) {
  const label = result.isMainResult ? 'Result' : `Output ${index + 1}`;
  // a stored result's images come by URL (stored once, by content hash), the others inline
  const stored = result.urls?.png ?? result.urls?.jpeg ?? result.urls?.svg;
  if (stored) return <figure><img class="chart" src={stored} alt={result.text || label} /></figure>;
  if (result.png) return <figure><img class="chart" src={`data:image/png;base64,${result.png}`} alt={result.text || label} /></figure>;
  if (result.jpeg) return <figure><img class="chart" src={`data:image/jpeg;base64,${result.jpeg}`} alt={result.text || label} /></figure>;
  if (result.svg) {
    // an <img> never runs the SVG's scripts
    return <figure><img class="chart" src={`data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(result.svg)))}`} alt={result.text || label} /></figure>;
  }
  if (result.html) {
    // untrusted HTML (e.g. a pandas table): a sandboxed frame without scripts, same-origin or forms
    return <iframe class="html-result" sandbox="" title={`${label} (HTML)`} srcdoc={result.html} />;
  }
  if (result.markdown) return <pre class="out">{result.markdown}</pre>;
  if (result.json !== undefined) return <pre class="out">{JSON.stringify(result.json, null, 2)}</pre>;
  if (result.text) return <pre class="out result-text">{result.text}</pre>;
  return null;
}

function Preview({ url, sbxId }: { url: string; sbxId: string }) {
  const [n, setN] = useState(0);
  return (
    <div class="stack" id="preview">
      <div class="row">
        <input aria-label="Preview URL" readOnly value={url} class="grow" id="preview-url" />
        <button type="button" id="preview-reload" onClick={() => setN(n + 1)}>Reload</button>
        <a class="button" href={url} target="_blank" rel="noopener noreferrer">Open in a new tab</a>
      </div>
      {sbxId && <p class="muted">Sandbox <code id="sbx-id">{sbxId}</code>: the app runs on its own origin.</p>}
      <iframe key={n} class="preview" id="preview-frame" src={url} title="Preview of the app"
        sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals" />
    </div>
  );
}
