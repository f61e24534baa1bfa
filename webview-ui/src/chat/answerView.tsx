import { useMemo } from 'preact/hooks';
import type { JSX } from 'preact';
import { renderAnswer } from './renderAnswer';

/** The answer as sanitized markdown; re-rendered only when its text changes (the app batches streaming per frame). */
export function AnswerView({ markdown }: { markdown: string }): JSX.Element | null {
  const html = useMemo(() => renderAnswer(markdown), [markdown]);
  if (!markdown) return null;
  return <div class="answer markdown-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
