// Small shared pieces: error/progress banners, a file tree, a busy-aware async helper.
import { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { FileNode, humanError } from '../api';

export function ErrorBox({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return <div class="error" role="alert" id={id}>{error}</div>;
}

export function Busy({ label }: { label: string }) {
  return <div class="busy" role="status" aria-live="polite"><span class="spinner" aria-hidden="true" />{label}</div>;
}

/**
 * Runs an async action with a busy flag and a human error message. A failure answers undefined, or
 * with {@code rethrow} is thrown on after the message is set (for callers that act on the kind of failure,
 * or whose action answers nothing on success).
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run<T>(label: string, action: () => Promise<T>, rethrow = false): Promise<T | undefined> {
    setBusy(label);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(humanError(e));
      if (rethrow) throw e;
      return undefined;
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, setError, run };
}

export function Tree({ nodes, selected, onSelect, label }: {
  nodes: FileNode[]; selected?: string; onSelect: (n: FileNode) => void; label: string;
}) {
  return (
    <ul class="tree" role="tree" aria-label={label}>
      {nodes.map((n) => <TreeItem key={n.path} node={n} selected={selected} onSelect={onSelect} />)}
    </ul>
  );
}

function TreeItem({ node, selected, onSelect }: { node: FileNode; selected?: string; onSelect: (n: FileNode) => void }) {
  const [open, setOpen] = useState(true);
  return (
    <li role="treeitem" aria-expanded={node.isDirectory ? open : undefined} aria-selected={selected === node.path}>
      <button type="button" class={`tree-node ${selected === node.path ? 'selected' : ''}`}
        onClick={() => { if (node.isDirectory) setOpen(!open); onSelect(node); }}>
        <span aria-hidden="true">{node.isDirectory ? (open ? '▾ ' : '▸ ') : '  '}</span>{node.name}{node.isDirectory ? '/' : ''}
      </button>
      {node.isDirectory && open && node.children && node.children.length > 0 && (
        <ul role="group">{node.children.map((c) => <TreeItem key={c.path} node={c} selected={selected} onSelect={onSelect} />)}</ul>
      )}
    </li>
  );
}

export function Panel({ title, children, actions, id }: { title: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  return (
    <section class="panel" aria-label={title} id={id}>
      <header class="panel-head"><h2>{title}</h2>{actions && <div class="actions">{actions}</div>}</header>
      {children}
    </section>
  );
}
