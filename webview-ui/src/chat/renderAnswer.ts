import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { findCitations, wholeCitation } from '../../../src/core/engine/citations';
import type { CitationMatch } from '../../../src/core/engine/citations';
import type { CodeHighlighter } from './highlighter';

/** The highlighter of the render in progress (markdown-it's `highlight` option is fixed when the parser is made). */
let activeHighlighter: CodeHighlighter | undefined;

// Raw HTML in model output stays text; links go through markdown-it's own scheme check (no javascript:, vbscript:, file:).
const md = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: false,
  // '' tells markdown-it to escape the code itself: a block is plain until the highlighter has loaded.
  highlight: (code, language) => (language && activeHighlighter?.highlight(code, language.toLowerCase())) || '',
});

function citationOpen(state: StateCore, citation: CitationMatch): Token {
  const open = new state.Token('link_open', 'a', 1);
  const range =
    citation.endLine > citation.startLine ? `${citation.startLine}-${citation.endLine}` : `${citation.startLine}`;
  open.attrs = [
    ['href', '#'],
    ['class', 'citation'],
    ['data-file', citation.file],
    ['data-start-line', String(citation.startLine)],
    ['data-end-line', String(citation.endLine)],
    ['title', `Open ${citation.file}:${range}`],
  ];
  return open;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

/** Turns `path:line` in text and in whole inline code spans into citation links; text already in a link is left alone. */
function linkCitations(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') linkDepth += 1;
      if (token.type === 'link_close') linkDepth -= 1;
      if (linkDepth > 0) {
        out.push(token);
      } else if (token.type === 'code_inline') {
        const citation = wholeCitation(token.content);
        if (citation) out.push(citationOpen(state, citation), token, new state.Token('link_close', 'a', -1));
        else out.push(token);
      } else if (token.type === 'text') {
        let last = 0;
        for (const citation of findCitations(token.content)) {
          if (citation.start > last) out.push(textToken(state, token.content.slice(last, citation.start)));
          out.push(citationOpen(state, citation), textToken(state, token.content.slice(citation.start, citation.end)));
          out.push(new state.Token('link_close', 'a', -1));
          last = citation.end;
        }
        out.push(last === 0 ? token : textToken(state, token.content.slice(last)));
      } else {
        out.push(token);
      }
    }
    block.children = out;
  }
}
md.core.ruler.push('rlm_citations', linkCitations);

// Code blocks get a bar above the code with the language and a Copy button (above, so it never covers a line); the
// click is handled by the conversation (event delegation), not inline script.
const copyButton =
  '<button type="button" class="copy-code" aria-label="Copy code"><span class="codicon codicon-copy" aria-hidden="true"></span><span class="copy-label">Copy</span></button>';
for (const rule of ['fence', 'code_block'] as const) {
  const render = md.renderer.rules[rule];
  md.renderer.rules[rule] = (tokens, index, options, env, self) => {
    const code = render ? render(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
    const language = tokens[index].info.trim().split(/\s+/, 1)[0] ?? '';
    const label = `<span class="code-language">${md.utils.escapeHtml(language.slice(0, 40))}</span>`;
    return `<div class="code-block"><div class="code-bar">${label}${copyButton}</div>${code}</div>`;
  };
}

const localImage = /^data:image\/(?:png|gif|jpeg|webp);/i;
const safeHref = /^(?:#|https?:|mailto:)/i;

// Model output is untrusted: besides DOMPurify's own rules, drop remote images and any link that is not http(s)/mailto/#.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG' && !localImage.test(node.getAttribute('src') ?? '')) {
    node.remove();
    return;
  }
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !safeHref.test(href.trim())) node.removeAttribute('href');
  }
});

const purifyConfig = {
  FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'target'],
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

/** The answer's markdown as sanitized HTML, with citation links and copyable code blocks, highlighted when given one. */
export function renderAnswer(markdown: string, highlighter?: CodeHighlighter): string {
  activeHighlighter = highlighter;
  try {
    return DOMPurify.sanitize(md.render(markdown), purifyConfig);
  } finally {
    activeHighlighter = undefined;
  }
}
