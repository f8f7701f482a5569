// Diffs (jsdiff): the unified view of a change the model applied, and a side-by-side view of two
// versions of a file that conflict. Loaded when first shown (components/lazy.tsx).
import { diffLines } from 'diff';

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

export function DiffView({ before, after, onClose }: { before: string; after: string; onClose?: () => void }) {
  const parts = diffLines(before, after);
  const added = parts.filter((p) => p.added).reduce((n, p) => n + (p.count ?? 0), 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + (p.count ?? 0), 0);
  return (
    <div class="diff" id="diff" aria-label="Changes applied">
      <div class="row"><strong>Applied: +{added} −{removed} lines</strong>{onClose && <button type="button" onClick={onClose}>Hide diff</button>}</div>
      <pre>
        {parts.map((p, i) => {
          const mark = p.added ? '+' : p.removed ? '-' : ' ';
          return lines(p.value).map((l, j) => <span key={`${i}-${j}`} class={p.added ? 'add' : p.removed ? 'del' : ''}>{mark} {l}{'\n'}</span>);
        })}
      </pre>
    </div>
  );
}

type Row = { left: string | null; right: string | null; kind: 'same' | 'changed' };

/** Rows of two columns: unchanged lines side by side, a removed run beside the added run that replaced it. */
export function sideBySide(left: string, right: string): Row[] {
  const rows: Row[] = [];
  const parts = diffLines(left, right);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p.added && !p.removed) {
      for (const l of lines(p.value)) rows.push({ left: l, right: l, kind: 'same' });
      continue;
    }
    const removed = p.removed ? lines(p.value) : [];
    const next = p.removed && parts[i + 1]?.added ? parts[++i] : p.added ? p : null;
    const added = next ? lines(next.value) : [];
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      rows.push({ left: removed[k] ?? null, right: added[k] ?? null, kind: 'changed' });
    }
  }
  return rows;
}

export function SideBySideDiff({ left, right, leftTitle, rightTitle }: { left: string; right: string; leftTitle: string; rightTitle: string }) {
  const rows = sideBySide(left, right);
  return (
    <table class="side-diff" id="side-diff">
      <caption class="sr-only">{leftTitle} beside {rightTitle}; changed lines are marked</caption>
      <thead><tr><th scope="col">{leftTitle}</th><th scope="col">{rightTitle}</th></tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} class={r.kind}>
            <td class={r.kind === 'changed' && r.left != null ? 'del' : ''}><code>{r.left ?? ''}</code></td>
            <td class={r.kind === 'changed' && r.right != null ? 'add' : ''}><code>{r.right ?? ''}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
