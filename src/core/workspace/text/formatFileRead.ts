import { decodeText, splitLines } from './decodeText';
import { findPrivateKey } from './findPrivateKey';
import { BinaryFileError } from '../errors/binaryFileError';
import { FileTooLargeError } from '../errors/fileTooLargeError';
import { InvalidLineRangeError } from '../errors/invalidLineRangeError';
import { SecretFileError } from '../errors/secretFileError';
import type { FileRead, ReadOptions, WorkspaceLimits } from '../workspace';

type ReadLimits = Pick<WorkspaceLimits, 'maxFileBytes' | 'maxReadLines' | 'maxReadBytes'>;

/**
 * The part of a read every adapter shares: size, binary and private-key checks (the whole text, whatever lines are
 * asked for), BOM handling, the line window, numbering ("  12| text"), and the line and byte caps with a note that
 * says how to read the rest.
 */
export function formatFileRead(
  bytes: Uint8Array,
  displayPath: string,
  options: ReadOptions,
  limits: ReadLimits,
): FileRead {
  if (bytes.length > limits.maxFileBytes) throw new FileTooLargeError(displayPath, bytes.length, limits.maxFileBytes);
  const decoded = decodeText(bytes, 'head');
  if (decoded.kind === 'binary') throw new BinaryFileError(displayPath);
  const privateKey = findPrivateKey(decoded.text);
  if (privateKey !== undefined) throw new SecretFileError(displayPath, { privateKey });
  const lines = splitLines(decoded.text);
  const totalLines = lines.length;
  const startLine = options.startLine ?? 1;
  const requestedEnd = options.endLine;
  const badStart =
    !Number.isInteger(startLine) || startLine < 1 || (startLine > totalLines && !(startLine === 1 && totalLines === 0));
  const badEnd = requestedEnd !== undefined && (!Number.isInteger(requestedEnd) || requestedEnd < startLine);
  if (badStart || badEnd) throw new InvalidLineRangeError(displayPath, startLine, requestedEnd, totalLines);

  const wantedEnd = Math.min(requestedEnd ?? startLine + limits.maxReadLines - 1, totalLines);
  const lineCapEnd = Math.min(wantedEnd, startLine + limits.maxReadLines - 1);
  const width = String(Math.max(lineCapEnd, 1)).length;
  const out: string[] = [];
  let bytesUsed = 0;
  let endLine = startLine - 1;
  let stoppedByBytes = false;
  let clippedLine: number | undefined;
  for (let number = startLine; number <= lineCapEnd; number++) {
    let numbered = `${String(number).padStart(width)}| ${lines[number - 1] as string}`;
    const size = Buffer.byteLength(numbered) + 1;
    if (bytesUsed + size > limits.maxReadBytes) {
      stoppedByBytes = true;
      if (out.length > 0) break;
      // A single line longer than the whole budget (minified code): show its start rather than nothing.
      numbered = `${clipToBytes(numbered, limits.maxReadBytes)}…`;
      clippedLine = number;
    }
    out.push(numbered);
    bytesUsed += size;
    endLine = number;
  }
  const read: FileRead = { file: displayPath, startLine, endLine, totalLines, text: out.join('\n') };
  const notes: string[] = [];
  if (clippedLine !== undefined)
    notes.push(`Line ${clippedLine} was cut at the ${limits.maxReadBytes}-byte cap per read.`);
  if (endLine < totalLines && (endLine < wantedEnd || requestedEnd === undefined)) {
    const cap = stoppedByBytes ? `${limits.maxReadBytes}-byte` : `${limits.maxReadLines}-line`;
    notes.push(
      `Showing lines ${startLine}-${endLine} of ${totalLines} (the ${cap} cap per read). Read on with startLine ${endLine + 1}.`,
    );
  }
  if (notes.length > 0) read.truncationNote = notes.join(' ');
  return read;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a surrogate pair. */
function clipToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let index = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    index += char.length;
  }
  return text.slice(0, index);
}
