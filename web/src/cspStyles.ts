// The server's CSP allows styles only from files of its own origin (style-src 'self'). CodeMirror
// (through style-mod) and xterm.js write generated rules into <style> elements, which that policy
// refuses. Constructable stylesheets (document.adoptedStyleSheets) are not subject to it, so the
// rules of those elements are mirrored into adopted sheets and kept in sync. Only <style> elements
// that scripts put into <head> or into a registered container (the terminal) are mirrored — the
// console renders no HTML from data, and a <style> smuggled into the page body is still refused.

const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();

function mirror(el: HTMLStyleElement) {
  let sheet = sheets.get(el);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheets.set(el, sheet);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(el.textContent || '');
}

function forget() {
  const gone = [...sheets.keys()].filter((el) => !el.isConnected).map((el) => {
    const s = sheets.get(el)!;
    sheets.delete(el);
    return s;
  });
  if (gone.length) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !gone.includes(s));
}

/** Mirrors the <style> elements under root from now on; returns a function that stops it. */
export function adoptStyles(root: HTMLElement): () => void {
  const sync = () => {
    root.querySelectorAll('style').forEach(mirror);
    forget();
  };
  const observer = new MutationObserver(sync);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    root.querySelectorAll('style').forEach((el) => el.remove());
    forget();
  };
}
