import { useEffect, useState } from 'preact/hooks';

/** Highlights `code` in `language` (a fence's info word) as HTML, or undefined for a language it does not know. */
export interface CodeHighlighter {
  highlight(code: string, language: string): string | undefined;
}

/** Where dist/webview/highlight.js leaves the highlighter once it has run. */
export const highlighterGlobal = '__rlmCodeHighlighter';

// Read while the chat bundle itself runs: the highlighter bundle sits next to it and gets the same CSP nonce.
const chatScript = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;

let loaded: CodeHighlighter | undefined;
let loading: Promise<CodeHighlighter | undefined> | undefined;

/** Loads the highlighter bundle once, on first need; resolves undefined when it cannot (code then stays plain). */
function loadHighlighter(): Promise<CodeHighlighter | undefined> {
  loading ??= new Promise((resolve) => {
    const src = chatScript?.src;
    if (!src || !/\/chat\.js(?:[?#].*)?$/.test(src)) return resolve(undefined);
    const script = document.createElement('script');
    script.nonce = chatScript.nonce ?? '';
    script.src = src.replace(/\/chat\.js(?=[?#]|$)/, '/highlight.js');
    script.onload = () => {
      loaded = (window as unknown as Record<string, CodeHighlighter | undefined>)[highlighterGlobal];
      resolve(loaded);
    };
    script.onerror = () => resolve(undefined);
    document.head.appendChild(script);
  });
  return loading;
}

/** A fenced code block with a language: the only markdown worth loading the highlighter for. */
const fenceWithLanguage = /^ {0,3}(?:`{3,}|~{3,})[ \t]*[\w+#-]/m;

/** The highlighter for answers, once `markdown` needs one and it has loaded; undefined before (code shows plain). */
export function useHighlighter(markdown: string): CodeHighlighter | undefined {
  const [highlighter, setHighlighter] = useState(loaded);
  const needed = !highlighter && fenceWithLanguage.test(markdown);
  useEffect(() => {
    if (!needed) return undefined;
    let live = true;
    void loadHighlighter().then((ready) => {
      if (live && ready) setHighlighter(ready);
    });
    return () => {
      live = false;
    };
  }, [needed]);
  return highlighter;
}
