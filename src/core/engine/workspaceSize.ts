/**
 * Tokens a workspace and its files would take if pasted, estimated from sizes on disk: no file is read. The
 * workspace figure is computed once per workspace object, lazily, from a bounded sample of file sizes, so an
 * 80k-file tree costs one listing and a few hundred stats, not a walk per run.
 */
import { stat } from 'node:fs/promises';
import type { Workspace } from '../workspace/workspace';

/** Source code and English run about four UTF-8 bytes a token in the common BPE tokenizers. */
export const bytesPerToken = 4;
/** Files whose sizes are looked up; past that, the mean of an evenly spaced sample is extrapolated. */
export const maxSampledFiles = 400;
/** A stale estimate (files change) is measured again on the next run after this long. */
const freshForMs = 10 * 60_000;
const statConcurrency = 16;

export interface WorkspaceSize {
  files: number;
  tokens: number;
  /** True when only a sample of the files' sizes was looked up. */
  sampled: boolean;
}

interface CachedSize {
  at: number;
  size: Promise<WorkspaceSize | undefined>;
}

const cache = new WeakMap<Workspace, CachedSize>();

/** The workspace's estimated tokens, measured at most once per `freshForMs`; undefined when it cannot be listed. */
export function workspaceSize(workspace: Workspace, now = Date.now()): Promise<WorkspaceSize | undefined> {
  const cached = cache.get(workspace);
  if (cached && now - cached.at < freshForMs) return cached.size;
  const size = measureWorkspace(workspace).catch(() => undefined);
  cache.set(workspace, { at: now, size });
  return size;
}

async function measureWorkspace(workspace: Workspace): Promise<WorkspaceSize> {
  const list = await workspace.listFiles(undefined, { maxResults: Number.MAX_SAFE_INTEGER });
  const step = Math.max(1, list.files.length / maxSampledFiles);
  const sample: string[] = [];
  for (let i = 0; i < list.files.length && sample.length < maxSampledFiles; i += step)
    sample.push(list.files[Math.floor(i)]);
  const sizes = (await fileBytes(workspace, sample)).filter((bytes): bytes is number => bytes !== undefined);
  const mean = sizes.length ? sizes.reduce((sum, bytes) => sum + bytes, 0) / sizes.length : 0;
  return {
    files: list.total,
    tokens: Math.round((mean * list.total) / bytesPerToken),
    sampled: sample.length < list.total,
  };
}

/** Whole-file tokens of `paths`, from their sizes; files that cannot be located count as 0. */
export async function filesTokens(workspace: Workspace, paths: readonly string[]): Promise<number> {
  const sizes = await fileBytes(workspace, paths);
  return Math.round(sizes.reduce((sum: number, bytes) => sum + (bytes ?? 0), 0) / bytesPerToken);
}

async function fileBytes(workspace: Workspace, paths: readonly string[]): Promise<(number | undefined)[]> {
  const sizes: (number | undefined)[] = [];
  for (let i = 0; i < paths.length; i += statConcurrency) {
    sizes.push(
      ...(await Promise.all(
        paths.slice(i, i + statConcurrency).map(async (path) => {
          try {
            return (await stat((await workspace.locate(path)).fsPath)).size;
          } catch {
            return undefined;
          }
        }),
      )),
    );
  }
  return sizes;
}
