import { useMemo } from 'preact/hooks';
import type { JSX } from 'preact';
import { useHighlighter } from './highlighter';
import { renderAnswer } from './renderAnswer';

/** The answer as sanitized markdown; re-rendered when its text changes (the app batches streaming per frame) or code highlighting arrives. */
export function AnswerView({ markdown }: { markdown: string }): JSX.Element | null {
  const highlighter = useHighlighter(markdown);
  const html = useMemo(() => renderAnswer(markdown, highlighter), [markdown, highlighter]);
  if (!markdown) return null;
  return <div class="answer markdown-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
