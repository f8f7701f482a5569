// The public page of a share link (#/shared/<id>): one fragment version's code and its result, read
// anonymously. Everything shown is the owner's content, rendered as text by Preact (never as HTML);
// HTML results go to a sandboxed frame and images through <img>, as in the Chat screen.
import { useEffect, useState } from 'preact/hooks';
import { humanError } from '../api';
import { Busy, ErrorBox, Panel } from '../components/ui';
import { Results } from './Results';
import { asRunResult, projects, SharedView } from '../projects';

export function SharedScreen({ shareId }: { shareId: string }) {
  const [view, setView] = useState<SharedView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    projects.shared(shareId).then(setView, (e) => setError(e.status === 404
      ? 'This link does not exist or was revoked by its owner.' : humanError(e)));
  }, [shareId]);
  if (error) return <main id="main" class="center"><ErrorBox error={error} id="shared-error" /></main>;
  if (!view) return <main id="main" class="center"><Busy label="Loading…" /></main>;
  return (
    <main id="main" tabIndex={-1} class="shared-layout">
      <Panel title={view.title || 'Shared fragment'} id="shared-panel">
        <div class="stack">
          {view.description && <p>{view.description}</p>}
          <p class="muted">Version {view.version} · {view.template} · <code>{view.filePath}</code> · read-only</p>
          <pre class="code" id="shared-code">{view.code}</pre>
        </div>
      </Panel>
      <Panel title="Result" id="shared-result">
        {view.result ? <Results result={asRunResult(view.result)} /> : <p class="muted">This version has not been run.</p>}
      </Panel>
    </main>
  );
}
