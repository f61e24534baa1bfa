import { describe, expect, it } from 'vitest';
import { BinaryFileError } from '../../../src/core/workspace/errors/binaryFileError';
import { FileTooLargeError } from '../../../src/core/workspace/errors/fileTooLargeError';
import { formatFileRead } from '../../../src/core/workspace/text/formatFileRead';

const limits = { maxFileBytes: 4096, maxReadLines: 5, maxReadBytes: 200 };
const bytes = (text: string): Uint8Array => Buffer.from(text);
const twelveLines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');

describe('formatFileRead', () => {
  it('numbers lines with padding to the widest number shown', () => {
    const read = formatFileRead(bytes(twelveLines), 'a.txt', { startLine: 8, endLine: 12 }, limits);
    expect(read).toEqual({
      file: 'a.txt',
      startLine: 8,
      endLine: 12,
      totalLines: 12,
      text: ' 8| line 8\n 9| line 9\n10| line 10\n11| line 11\n12| line 12',
    });
  });

  it('stops at the line cap and says how to read on', () => {
    const read = formatFileRead(bytes(twelveLines), 'a.txt', {}, limits);
    expect(read.endLine).toBe(5);
    expect(read.truncationNote).toBe('Showing lines 1-5 of 12 (the 5-line cap per read). Read on with startLine 6.');
    const asked = formatFileRead(bytes(twelveLines), 'a.txt', { startLine: 2, endLine: 11 }, limits);
    expect(asked.endLine).toBe(6);
    expect(asked.truncationNote).toMatch(/Showing lines 2-6 of 12 .* startLine 7/);
  });

  it('adds no note when the asked range is complete, and clamps an end past the file', () => {
    const read = formatFileRead(bytes('a\nb\n'), 'a.txt', { startLine: 1, endLine: 50 }, limits);
    expect(read).toEqual({ file: 'a.txt', startLine: 1, endLine: 2, totalLines: 2, text: '1| a\n2| b' });
  });

  it('stops at the byte cap, and cuts a single overlong line rather than show nothing', () => {
    const wide = Array.from({ length: 5 }, () => 'x'.repeat(80)).join('\n');
    const read = formatFileRead(bytes(wide), 'w.txt', {}, limits);
    expect(read.endLine).toBe(2);
    expect(read.truncationNote).toBe('Showing lines 1-2 of 5 (the 200-byte cap per read). Read on with startLine 3.');
    const minified = formatFileRead(bytes(`${'é'.repeat(300)}\nnext`), 'm.js', { endLine: 1 }, limits);
    expect(Buffer.byteLength(minified.text)).toBeLessThanOrEqual(200 + Buffer.byteLength('…'));
    expect(minified.text.startsWith('1| éé')).toBe(true);
    expect(minified.truncationNote).toBe('Line 1 was cut at the 200-byte cap per read.');
  });

  it('strips a UTF-8 BOM, decodes UTF-16 and drops CR before LF', () => {
    expect(formatFileRead(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]), 'b.txt', {}, limits).text).toBe('1| hi');
    expect(
      formatFileRead(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from([0, 0x68, 0, 0x69])]), 'u.txt', {}, limits)
        .text,
    ).toBe('1| hi');
    expect(formatFileRead(bytes('a\r\nb\r\n'), 'c.txt', {}, limits).text).toBe('1| a\n2| b');
  });

  it('refuses binary and oversized content', () => {
    expect(() => formatFileRead(Buffer.from('ab\0cd'), 'x.bin', {}, limits)).toThrow(BinaryFileError);
    expect(() => formatFileRead(Buffer.alloc(5000, 0x61), 'big.txt', {}, limits)).toThrow(FileTooLargeError);
  });

  it('reads an empty file as no lines', () => {
    expect(formatFileRead(bytes(''), 'e.txt', {}, limits)).toEqual({
      file: 'e.txt',
      startLine: 1,
      endLine: 0,
      totalLines: 0,
      text: '',
    });
  });
});
