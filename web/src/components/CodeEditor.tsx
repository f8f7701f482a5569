// CodeMirror 6 in a Preact component. Its generated styles reach the page through cspStyles.ts.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { EditorState, Compartment, Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput, HighlightStyle } from '@codemirror/language';
import { oneDarkHighlightStyle, oneDarkTheme } from '@codemirror/theme-one-dark';
import { isDark } from './theme';

// One Dark with its three dim colours lightened: coral, stone (comments, line numbers) and violet are
// 3.6–4.4:1 on its background; these are ≥ 5:1 (WCAG AA asks 4.5:1), checked by axe-core in the browser tests.
const BRIGHTER: Record<string, string> = { '#e06c75': '#ef8a92', '#7d8799': '#9aa3b5', '#c678dd': '#d38ee8' };
const darkHighlight = HighlightStyle.define(oneDarkHighlightStyle.specs.map((spec) =>
  typeof spec.color === 'string' && BRIGHTER[spec.color.toLowerCase()] ? { ...spec, color: BRIGHTER[spec.color.toLowerCase()] } : spec));
const oneDark: Extension = [
  oneDarkTheme,
  EditorView.theme({ '.cm-gutters': { color: BRIGHTER['#7d8799'] } }, { dark: true }),
  syntaxHighlighting(darkHighlight),
];

/** The file's language, loaded on first need (each grammar is its own chunk). */
export async function languageFor(path: string | undefined): Promise<Extension> {
  const p = (path || '').toLowerCase();
  if (p.endsWith('.py')) return (await import('@codemirror/lang-python')).python();
  if (/\.(tsx|ts)$/.test(p)) return (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: p.endsWith('x') });
  if (/\.(jsx|js|mjs|cjs|json)$/.test(p)) return (await import('@codemirror/lang-javascript')).javascript({ jsx: p.endsWith('x') });
  if (/\.(html|htm|vue)$/.test(p)) return (await import('@codemirror/lang-html')).html();
  if (p.endsWith('.css')) return (await import('@codemirror/lang-css')).css();
  return [];
}


interface Props {
  value: string;
  path?: string;
  readOnly?: boolean;
  label: string;
  id?: string;
  onChange?: (value: string) => void;
  /** ctrl/cmd-s */
  onSave?: () => void;
}

export function CodeEditor({ value, path, readOnly, label, id, onChange, onSave }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const theme = useRef(new Compartment());
  const ro = useRef(new Compartment());
  // the text this editor last reported or was given. The sync below is a layout effect (it runs in the
  // same task as the render, before the next keystroke): a deferred effect could run with an older
  // value after the user typed on and put that text back, which then bounces between the two.
  const known = useRef(value);
  const cb = useRef({ onChange, onSave });
  cb.current = { onChange, onSave };

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([
            { key: 'Mod-s', preventDefault: true, run: () => { cb.current.onSave?.(); return true; } },
            indentWithTab, ...defaultKeymap, ...historyKeymap,
          ]),
          lang.current.of([]),
          theme.current.of(isDark() ? oneDark : []),
          ro.current.of([EditorState.readOnly.of(!!readOnly), EditorView.editable.of(!readOnly)]),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            known.current = u.state.doc.toString();
            cb.current.onChange?.(known.current);
          }),
        ],
      }),
    });
    view.current = v;
    const onTheme = () => v.dispatch({ effects: theme.current.reconfigure(isDark() ? oneDark : []) });
    window.addEventListener('codingit-theme', onTheme);
    return () => { window.removeEventListener('codingit-theme', onTheme); v.destroy(); };
  }, []);

  useLayoutEffect(() => {
    const v = view.current;
    if (v && value !== known.current && v.state.doc.toString() !== value) {
      known.current = value;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);
  useEffect(() => {
    let current = true;
    languageFor(path).then((language) => {
      if (current) view.current?.dispatch({ effects: lang.current.reconfigure(language) });
    }, () => { /* no highlighting: the text still edits */ });
    return () => { current = false; };
  }, [path]);
  useEffect(() => {
    view.current?.dispatch({ effects: ro.current.reconfigure([EditorState.readOnly.of(!!readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  return <div class="editor" id={id} ref={host} />;
}
