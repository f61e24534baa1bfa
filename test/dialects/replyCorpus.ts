/**
 * Replies in the shapes hosted and local models write when given the root prompt, modelled on their habits: other
 * fences, TypeScript, await, console.log, prose before FINAL, the reference RLM's forms. Each case lists the turns
 * the scripted server sends in order and the answer the run must end with. Shared by the dialect tests and
 * `npm run bench:dialects`. The workspace is the engine harness's fixture (src/auth/session.ts defines
 * createSession on line 1, src/auth/login.ts calls it on line 3).
 */
export interface DialectCase {
  name: string;
  /** Whose habit this is, in a few words. */
  habit: string;
  /** Root replies, one per turn, in order. */
  turns: string[];
  /** The answer must contain this (the facts only a cell that ran could have found). */
  answer: string;
  /** Fewest root turns that can end this run: the target. */
  iterations: number;
  /** Something the model must have been told along the way (for replies that cannot run as written). */
  told?: string;
  /** Listed in issue 11 as a shape that must run as intended on the first try. */
  firstTry: boolean;
}

const find = 'grep("function createSession")[0]';
const where = `${find}.file + ":" + ${find}.line`;
const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\``;

export const dialectCases: readonly DialectCase[] = [
  {
    name: 'js fence',
    habit: 'the protocol as written',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`Let me search.\n${fence('js', `FINAL("createSession is at " + ${where})`)}`],
  },
  {
    name: 'javascript fence',
    habit: 'GPT-4o, Llama',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [fence('javascript', `const hit = ${find};\nFINAL(\`createSession is at \${hit.file}:\${hit.line}\`);`)],
  },
  {
    name: 'typescript with types, interface, as, generics and !',
    habit: 'Claude, Qwen-Coder writing TypeScript',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [
      fence(
        'typescript',
        [
          'interface Hit { file: string; line: number; text: string }',
          'type Where = `${string}:${number}`;',
          'function first<T>(items: T[]): T | undefined { return items[0]; }',
          'const hits = grep("function createSession") as Hit[];',
          'const hit: Hit = first<Hit>(hits)!;',
          'const at: Where = `${hit.file}:${hit.line}` as Where;',
          'FINAL(`createSession is at ${at}`);',
        ].join('\n'),
      ),
    ],
  },
  {
    name: 'ts fence with an enum and optional chaining',
    habit: 'TypeScript-first models',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [
      fence(
        'ts',
        'enum Kind { Def = "def" }\nconst hit = grep("function createSession")?.[0];\nFINAL(`${Kind.Def} at ${hit?.file}:${hit?.line}`);',
      ),
    ],
  },
  {
    name: 'tsx fence',
    habit: 'models that label all TypeScript tsx',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [fence('tsx', `const at: string = ${where};\nFINAL("at " + at);`)],
  },
  {
    name: 'mjs fence',
    habit: 'Node-minded models',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [fence('mjs', `FINAL("at " + ${where});`)],
  },
  {
    name: 'repl fence with JavaScript',
    habit: "the reference RLM prompt's ```repl blocks",
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`I'll search the repo.\n${fence('repl', `const at = ${where}\nFINAL("at " + at)`)}`],
  },
  {
    name: 'bare fence with JavaScript',
    habit: 'small local models',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`Sure.\n${fence('', `var at = ${where};\nFINAL("at " + at);`)}`],
  },
  {
    name: 'fence with attributes',
    habit: 'models copying docs sites',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [fence('js title=explore.js', `FINAL("at " + ${where})`)],
  },
  {
    name: 'tilde fence',
    habit: 'Markdown purists',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`~~~js\nFINAL("at " + ${where})\n~~~`],
  },
  {
    name: 'strings holding fences',
    habit: 'models building markdown answers in code',
    firstTry: true,
    iterations: 1,
    answer: '```ts\n1| export function createSession',
    turns: [
      fence(
        'js',
        'const code = readFile("src/auth/session.ts", 1, 1);\nconst md = [\n  "Defined here:",\n  "```ts",\n  code,\n  "```",\n].join("\\n");\nprint("```"); FINAL(md);',
      ),
    ],
  },
  {
    name: 'top-level await',
    habit: 'GPT-4.1, Claude, DeepSeek',
    firstTry: true,
    iterations: 1,
    answer: 'session-${user}',
    turns: [
      fence(
        'js',
        'const text = await readFile("src/auth/session.ts");\nconst line = text.split("\\n").find((l) => l.includes("return"));\nFINAL("It returns " + line.split("return ")[1]);',
      ),
    ],
  },
  {
    name: 'await Promise.all over llm',
    habit: 'async-minded models fanning out',
    firstTry: true,
    iterations: 1,
    answer: 'summary of src/auth/login.ts',
    turns: [
      fence(
        'js',
        'const files = listFiles("src/auth/*.ts");\nconst answers = await Promise.all(files.map(async (f) => `${f}: ${await llm("Summarise " + f)}`));\nconsole.log(answers.length);\nFINAL(answers.join("\\n"));',
      ),
    ],
  },
  {
    name: 'Promise.all with a plain arrow',
    habit: 'async-minded models',
    firstTry: true,
    iterations: 1,
    answer: 'summary of src/auth/token.ts',
    turns: [
      fence(
        'js',
        'const files = listFiles("src/auth/*.ts")\nconst out = await Promise.all(files.map(f => llm(`Summarise ${f}`)))\nFINAL(out.join("; "))',
      ),
    ],
  },
  {
    name: '.then chain',
    habit: 'promise-style JavaScript',
    firstTry: true,
    iterations: 1,
    answer: '5 files',
    turns: [fence('js', 'listFiles("src/auth/*").then((files) => FINAL(`${files.length} files`));')],
  },
  {
    name: 'async main then await',
    habit: 'models wrapping code in main()',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [
      fence(
        'ts',
        `async function main(): Promise<string> {\n  const hits = await grep("function createSession");\n  return hits[0].file + ":" + hits[0].line;\n}\nconst at = await main();\nFINAL("at " + at);`,
      ),
    ],
  },
  {
    name: 'console.log then prose and FINAL',
    habit: 'every chat model',
    firstTry: true,
    iterations: 2,
    answer: 'createSession is defined at src/auth/session.ts:1 (called from login(user)',
    turns: [
      fence(
        'js',
        `console.log("hits:", grep("createSession").map((h) => h.file + ":" + h.line));\nconsole.info("done");`,
      ),
      'Here is what I found.\n\nFINAL(createSession is defined at src/auth/session.ts:1 (called from login(user) at src/auth/login.ts:3).)',
    ],
  },
  {
    name: 'FINAL with nested parentheses and a list',
    habit: 'long markdown answers',
    firstTry: true,
    iterations: 1,
    answer: '2) login(user, password) calls it',
    turns: [
      'I already know from the outline.\n\nFINAL(Two places:\n1) createSession(user) is defined at src/auth/session.ts:1\n2) login(user, password) calls it at src/auth/login.ts:3 :)\n)',
    ],
  },
  {
    name: 'bold FINAL after prose',
    habit: 'models that format everything',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: ['Based on the search, the answer is below.\n\n**FINAL(createSession is at src/auth/session.ts:1)**'],
  },
  {
    name: 'code and FINAL_VAR in one reply',
    habit: "the reference RLM's FINAL_VAR",
    firstTry: true,
    iterations: 1,
    answer: 'createSession at src/auth/session.ts:1',
    turns: [
      `${fence('python', '# not run')}\n${fence('js', `var answer = "createSession at " + ${where};`)}\nFINAL_VAR(answer)`,
    ],
  },
  {
    name: 'quoted FINAL_VAR after exploring',
    habit: "the reference RLM's FINAL_VAR",
    firstTry: true,
    iterations: 2,
    answer: 'found 5 auth files',
    turns: [
      fence('js', 'const result = "found " + listFiles("src/auth/*").length + " auth files";\nprint(result)'),
      'FINAL_VAR("result")',
    ],
  },
  {
    name: 'FINAL_VAR inside code',
    habit: "the reference RLM's FINAL_VAR",
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [fence('js', `const summary = "at " + ${where};\nFINAL_VAR(summary);`)],
  },
  {
    name: 'code then FINAL text in one reply',
    habit: "the reference RLM's habit",
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`${fence('js', 'print(grep("createSession").length)')}\nFINAL(createSession is at src/auth/session.ts:1)`],
  },
  {
    name: 're-declaring const, let and class in a later turn',
    habit: 'models re-running a cell',
    firstTry: true,
    iterations: 2,
    answer: 'K2 at src/auth/session.ts:1',
    turns: [
      fence(
        'js',
        'const hits = grep("createSession");\nlet n = hits.length;\nclass K { tag() { return "K1" } }\nprint(n);',
      ),
      fence(
        'js',
        `const hits = grep("function createSession");\nlet n = hits.length;\nclass K { tag() { return "K2" } }\nFINAL(new K().tag() + " at " + hits[0].file + ":" + hits[0].line);`,
      ),
    ],
  },
  {
    name: 'two blocks in one reply',
    habit: 'step-by-step models',
    firstTry: true,
    iterations: 1,
    answer: 'login.ts:3 calls createSession',
    turns: [
      `First the callers:\n${fence('js', 'const callers = grep("createSession\\\\(").filter((h) => !h.text.includes("function"));')}\nThen the answer:\n${fence('js', 'FINAL(callers.map((h) => h.file.split("/").pop() + ":" + h.line).join(", ") + " calls createSession")')}`,
    ],
  },
  {
    name: 'template string mentioning FINAL',
    habit: 'code that builds the answer text',
    firstTry: true,
    iterations: 1,
    answer: 'Answer: src/auth/session.ts:1',
    turns: [fence('js', `const note = \`FINAL(\${"x"}) is how I answer\`;\nFINAL("Answer: " + ${where});`)],
  },
  {
    name: 'CRLF line endings',
    habit: 'Windows-hosted local servers',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`Searching.\r\n\`\`\`js\r\nconst at = ${where};\r\nFINAL("at " + at);\r\n\`\`\`\r\n`],
  },
  {
    name: 'unclosed fence at the end',
    habit: 'replies cut by the output cap',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [`Let me check.\n\`\`\`js\nFINAL("at " + ${where});\n`],
  },
  {
    name: 'sample output fence before code',
    habit: 'models that show what they expect',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts:1',
    turns: [
      `I expect something like:\n${fence('', 'src/auth/session.ts:1: export function createSession')}\n${fence('js', `FINAL("at " + ${where})`)}`,
    ],
  },
  {
    name: 'llmBatch awaited',
    habit: 'async-minded models',
    firstTry: true,
    iterations: 1,
    answer: 'summary of',
    turns: [
      fence('js', 'const [a, b] = await llmBatch(["Summarise login", "Summarise session"]);\nFINAL(a + " / " + b);'),
    ],
  },
  {
    name: 'destructuring under top-level await',
    habit: 'modern JavaScript',
    firstTry: true,
    iterations: 1,
    answer: 'src/auth/session.ts line 1',
    turns: [
      fence('js', 'const [{ file, line }] = await grep("function createSession");\nFINAL(`${file} line ${line}`);'),
    ],
  },
  {
    name: 'FINAL inside the last sentence',
    habit: 'chatty hosted models',
    firstTry: true,
    iterations: 1,
    answer: 'createSession is at src/auth/session.ts:1',
    turns: [
      'After reading the files, the answer is FINAL(createSession is at src/auth/session.ts:1 (see login.ts:3)).',
    ],
  },
  {
    name: 'plans in prose before writing code',
    habit: 'small local models that narrate',
    firstTry: false,
    iterations: 3,
    answer: 'src/auth/session.ts:1',
    turns: [
      'Let me look at the auth folder first.',
      "I'll search for where the session is created:",
      fence('js', `FINAL("at " + ${where})`),
    ],
  },
  {
    name: 'prose answer twice without FINAL',
    habit: 'small local models that ignore the protocol',
    firstTry: false,
    iterations: 2,
    answer: 'session.ts',
    turns: [
      'createSession lives in src/auth/session.ts.',
      'As I said, createSession is defined in src/auth/session.ts, line 1.',
    ],
  },
  {
    name: 'python fence',
    habit: "the reference RLM's Python REPL",
    firstTry: false,
    iterations: 2,
    answer: 'src/auth/session.ts:1',
    told: 'only JavaScript runs here',
    turns: [fence('python', 'hits = grep("createSession")\nprint(hits)'), fence('js', `FINAL("at " + ${where})`)],
  },
  {
    name: 'bash fence',
    habit: 'agents used to a shell',
    firstTry: false,
    iterations: 2,
    answer: 'src/auth/session.ts:1',
    told: 'grep(pattern) instead of rg',
    turns: [fence('bash', 'rg -n "createSession" src/'), fence('js', `FINAL("at " + ${where})`)],
  },
  {
    name: 'llm_query from the reference RLM',
    habit: "the reference RLM's function names",
    firstTry: false,
    iterations: 2,
    answer: 'summary of',
    told: 'did you mean llm()',
    turns: [
      fence('js', 'const s = llm_query("Summarise the auth module")'),
      fence('js', 'FINAL(llm("Summarise the auth module"))'),
    ],
  },
  {
    name: 'import fs',
    habit: 'Node-minded models',
    firstTry: false,
    iterations: 2,
    answer: 'src/auth/session.ts:1',
    told: 'the REPL has no modules',
    turns: [
      fence('js', "import fs from 'fs';\nconsole.log(fs.readFileSync('src/auth/session.ts', 'utf8'));"),
      fence('js', `FINAL("at " + ${where})`),
    ],
  },
];
