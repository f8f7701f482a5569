// Parts of the console that carry big libraries (CodeMirror, xterm.js, jsdiff) load when first shown,
// so the first screen (and sign-in) downloads only Preact and the console's own code.
import { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Busy } from './ui';

export function lazy<P>(load: () => Promise<ComponentType<P>>, label: string): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      pending ??= load().then((c) => (loaded = c));
      pending.then((c) => setComponent(() => c), () => { pending = null; setFailed(true); });
    }, []);
    if (failed) return <div class="error" role="alert">{label} could not be loaded. Reload the page to try again.</div>;
    return Component ? <Component {...(props as any)} /> : <Busy label={`Loading the ${label.toLowerCase()}…`} />;
  };
}

export const CodeEditor = lazy(() => import('./CodeEditor').then((m) => m.CodeEditor), 'Editor');
export const XTerm = lazy(() => import('./XTerm').then((m) => m.XTerm), 'Terminal');
export const DiffView = lazy(() => import('./DiffView').then((m) => m.DiffView), 'Diff');
export const SideBySideDiff = lazy(() => import('./DiffView').then((m) => m.SideBySideDiff), 'Diff');
