import type { JSX } from 'preact';

const examples = [
  'Where is the entry point, and what happens at startup?',
  'How are errors handled across this codebase?',
  'Which files would I change to add a new command?',
];

/** Shown before the first question: what to ask, with examples that fill the question box. */
export function EmptyState({ onPick }: { onPick(question: string): void }): JSX.Element {
  return (
    <div class="empty-state">
      <p>
        Ask a question about this workspace. RLM explores it with code, sub-models and child runs, and cites the lines
        it used.
      </p>
      <ul class="examples" aria-label="Example questions">
        {examples.map((example) => (
          <li key={example}>
            <button type="button" class="example" onClick={() => onPick(example)}>
              <span class="codicon codicon-lightbulb" aria-hidden="true" /> {example}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
