// The chat's syntax highlighter, a bundle of its own (dist/webview/highlight.js) that the chat page loads the first
// time an answer has a code block: highlight.js core with the languages answers about code mostly quote.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { highlighterGlobal, type CodeHighlighter } from '../chat/highlighter';

const languages = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  php,
  python,
  ruby,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
// Fence names models write that the grammars above do not already alias.
hljs.registerAliases(['tsx', 'mts', 'cts'], { languageName: 'typescript' });
hljs.registerAliases(['mjs', 'cjs'], { languageName: 'javascript' });
hljs.registerAliases(['html', 'svg', 'vue'], { languageName: 'xml' });

/** Code longer than this is shown plain: highlighting is a nicety, not worth a frozen panel. */
const maxHighlightedChars = 100_000;

const highlighter: CodeHighlighter = {
  highlight(code, language) {
    if (!language || code.length > maxHighlightedChars || !hljs.getLanguage(language)) return undefined;
    // Escaped HTML made only of <span class="hljs-…">; the answer is sanitized again after rendering.
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  },
};

(window as unknown as Record<string, unknown>)[highlighterGlobal] = highlighter;
