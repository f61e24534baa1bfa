import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/**
 * Opening a FIFO for reading waits for a writer, forever if none comes, and holds a thread-pool thread all
 * along: open without waiting, then check the type on the open descriptor, which cannot change under us.
 */
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What reading a search candidate gave: its bytes, or why it is not searched. */
export type CandidateContent = Uint8Array | 'too-large' | 'unreadable';

/**
 * Size-checked read of a search candidate; never throws, never blocks on a FIFO or device (those are
 * 'unreadable'). Synchronous on purpose: searches call it in short slices, and Node's asynchronous file
 * calls cost several times more than the read itself.
 */
export function readCandidateSync(absolutePath: string, maxBytes: number): CandidateContent {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, openFlags);
    const info = fstatSync(fd);
    if (!info.isFile()) return 'unreadable';
    if (info.size > maxBytes) return 'too-large';
    const bytes = Buffer.allocUnsafe(info.size);
    let filled = 0;
    for (let read = -1; filled < info.size && read !== 0; filled += read)
      read = readSync(fd, bytes, filled, info.size - filled, filled);
    return bytes.subarray(0, filled);
  } catch {
    return 'unreadable';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Opens a file for reading without waiting on a FIFO; the caller checks `stat()` is a regular file. */
export function openWithoutBlocking(absolutePath: string): Promise<FileHandle> {
  return open(absolutePath, openFlags);
}

/** How a file that is not regular is named in messages. */
export function describeFileKind(info: Stats): string {
  if (info.isFIFO()) return 'named pipe (FIFO)';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  if (info.isDirectory()) return 'folder';
  return 'special file';
}
