/** ripgrep's --json text fields: UTF-8 text, or base64 bytes when not valid UTF-8. */
interface RipgrepData {
  text?: string;
  bytes?: string;
}

/** The part of a ripgrep --json message a search needs. */
export type RipgrepEvent =
  | { type: 'begin'; path: string }
  | { type: 'match' | 'context'; lineNumber: number; text: string }
  | { type: 'end'; binary: boolean }
  | { type: 'other' };

interface RipgrepMessage {
  type: string;
  data: { path?: RipgrepData; lines?: RipgrepData; line_number?: number; binary_offset?: number | null };
}

const linesField = '"lines":{"text":"';
const lineNumberField = '"line_number":';

/**
 * One line of `rg --json` output. Match and context lines (nearly all of the output) take a fast path that
 * reads only the line text and number, in the field order ripgrep writes; anything else is parsed whole.
 */
export function parseRipgrepLine(json: string): RipgrepEvent {
  if (json.startsWith('{"type":"match"') || json.startsWith('{"type":"context"')) {
    const fast = readLine(json);
    if (fast !== undefined) return fast;
  }
  const message = JSON.parse(json) as RipgrepMessage;
  switch (message.type) {
    case 'begin':
      return { type: 'begin', path: decodeData(message.data.path) };
    case 'match':
    case 'context':
      return {
        type: message.type,
        lineNumber: message.data.line_number as number,
        text: decodeData(message.data.lines),
      };
    case 'end':
      return { type: 'end', binary: message.data.binary_offset !== null && message.data.binary_offset !== undefined };
    default:
      return { type: 'other' };
  }
}

function readLine(json: string): RipgrepEvent | undefined {
  const type = json.charCodeAt(9) === 0x6d ? 'match' : 'context';
  const textStart = json.indexOf(linesField);
  if (textStart < 0) return undefined;
  const open = textStart + linesField.length - 1;
  const close = closingQuote(json, open + 1);
  if (close < 0 || !json.startsWith('},', close + 1)) return undefined;
  const numberStart = close + 3;
  if (!json.startsWith(lineNumberField, numberStart)) return undefined;
  const lineNumber = parseInt(
    json.slice(numberStart + lineNumberField.length, numberStart + lineNumberField.length + 12),
    10,
  );
  if (!Number.isInteger(lineNumber)) return undefined;
  const literal = json.slice(open, close + 1);
  const text = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  return { type, lineNumber, text };
}

/** Index of the quote that ends the JSON string whose content starts at `from`. */
function closingQuote(json: string, from: number): number {
  for (let quote = json.indexOf('"', from); quote >= 0; quote = json.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (json.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

function decodeData(data: RipgrepData | undefined): string {
  if (data?.text !== undefined) return data.text;
  return data?.bytes === undefined ? '' : Buffer.from(data.bytes, 'base64').toString('utf8');
}
