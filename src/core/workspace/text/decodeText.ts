/** How many leading bytes a read inspects for NUL bytes, as git does. */
const binarySniffBytes = 8192;

type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export type DecodedText = { kind: 'text'; text: string; encoding: TextEncodingName } | { kind: 'binary' };

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

/**
 * File bytes to text: the byte-order mark is dropped (UTF-16 with a BOM is decoded, as ripgrep does), invalid
 * UTF-8 becomes U+FFFD, and NUL bytes mean binary. `scan` says where to look for NUL: the first 8 KB
 * (reads) or the whole file (searches, to skip exactly the files ripgrep skips).
 */
export function decodeText(bytes: Uint8Array, scan: 'head' | 'whole'): DecodedText {
  const limit = scan === 'head' ? Math.min(bytes.length, binarySniffBytes) : bytes.length;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(utf16le.decode(bytes.subarray(2)), 'utf-16le', limit / 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(utf16be.decode(bytes.subarray(2)), 'utf-16be', limit / 2);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const nul = bytes.indexOf(0);
  if (nul >= 0 && nul < limit) return { kind: 'binary' };
  return {
    kind: 'text',
    text: utf8.decode(hasBom ? bytes.subarray(3) : bytes),
    encoding: hasBom ? 'utf-8-bom' : 'utf-8',
  };
}

function checked(text: string, encoding: TextEncodingName, limit: number): DecodedText {
  const nul = text.indexOf('\0');
  return nul >= 0 && nul < limit ? { kind: 'binary' } : { kind: 'text', text, encoding };
}

/** Lines split on '\n' with one trailing '\r' removed; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** One line as reported by ripgrep ("text\r\n") in the form `splitLines` gives. */
export function stripLineEnding(line: string): string {
  const withoutNewline = line.endsWith('\n') ? line.slice(0, -1) : line;
  return withoutNewline.endsWith('\r') ? withoutNewline.slice(0, -1) : withoutNewline;
}
