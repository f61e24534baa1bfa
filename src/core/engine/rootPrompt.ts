/**
 * The root model's instructions, generated from the REPL function table, and the messages of each turn.
 */
import { replFunctionsPromptSection } from '../sandbox/replFunctions';

export function rootSystemPrompt(outputCharsToModel: number): string {
  return `You answer questions about a codebase by writing JavaScript that runs in a sandboxed REPL.
The workspace is not in your context: explore it with the functions below. They return their results directly (\`const text = readFile(path)\`); \`await\` works too, and \`await Promise.all(files.map(f => llm(...)))\` runs the calls side by side.

How to work:
- Reply with one or more \`\`\`js code blocks (TypeScript types are fine). They run in order and you see what they print with print() or console.log() (at most ${outputCharsToModel} characters per block). Only JavaScript runs: no shell, Python, require or import.
- Variables persist between blocks and turns. Print summaries (counts, paths, short excerpts), not whole files.
- To read many files without filling your context, use llmMap(files, instruction) or llmBatch(prompts); for a sub-question that needs its own exploration, use rlm(question).
- When you know the answer, reply with FINAL(your answer in markdown) as plain text, outside any code block: the user sees it as you write it. To return a value you built in the REPL, call FINAL(variable) inside a code block, or reply FINAL_VAR(variableName). Cite evidence as path:line.

${replFunctionsPromptSection()}`;
}

export function rootQuestionMessage(
  question: string,
  overview: string,
  history: readonly { question: string; answer: string }[],
): string {
  const earlier = history.length
    ? `Earlier in this session (REPL variables are still set):\n${history.map((h, i) => `${i + 1}. Q: ${h.question}\n   A: ${truncate(h.answer, 400)}`).join('\n')}\n\n`
    : '';
  return `${earlier}Question: ${question}\n\n${overview}`;
}

export interface BlockReport {
  output: string;
  error?: string;
}

export function blockOutputsMessage(reports: readonly BlockReport[], limit: number): string {
  return reports
    .map((r, i) => {
      const body = [r.output, r.error].filter(Boolean).join('\n') || '(no output)';
      return `Output of block ${i + 1}:\n${truncate(body, limit)}`;
    })
    .join('\n\n');
}

export const noCodeMessage =
  'No ```js code block found. Explore with code, or reply with FINAL(answer) when you are done.';

/** A reply cut inside its reasoning (the length limit, or a `<think>` never closed): what to do instead. */
export const cutInReasoningMessage =
  'Your reply ended inside <think> before </think>, so nothing in it was run or taken as the answer. Keep the reasoning short, close it with </think>, then write a ```js block or FINAL(answer).';

/** For fences in languages the REPL does not run: one line naming the JavaScript equivalents. */
export function foreignCodeMessage(languages: readonly string[]): string {
  return `Your \`\`\`${languages.join('/```')} block was not run: only JavaScript runs here. Use the REPL functions in a \`\`\`js block: grep(pattern) instead of rg or grep, readFile(path) instead of cat, listFiles(glob) instead of ls or find, llm(prompt) instead of llm_query.`;
}

export const finalNotTakenMessage =
  'Your FINAL was not taken because a code block above failed; fix it, or reply with FINAL(answer) on its own.';

export function answerNowMessage(reason: string): string {
  return `Stop exploring: ${reason}. Answer the question now with what you have found, citing path:line where you can. Reply with the answer text only, no code.`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}\n[... ${text.length - limit} more characters cut; print less]`;
}
