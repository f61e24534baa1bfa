import * as path from 'node:path';

/** The part of a tsconfig/jsconfig that module resolution needs, with paths made repo-relative. */
export interface TsPathConfig {
  /** Repo-relative folder bare specifiers resolve against, when `baseUrl` is set. */
  baseDir?: string;
  /** `paths` patterns with repo-relative targets. */
  paths: Array<{ pattern: string; targets: string[] }>;
}

/** Reads `compilerOptions.baseUrl/paths` from a config and the configs it extends (relative `extends` only). */
export function readTsPathConfig(
  configFile: string,
  readText: (file: string) => string | undefined,
  depth = 0,
): TsPathConfig | undefined {
  const text = readText(configFile);
  if (text === undefined || depth > 5) return undefined;
  let json: { extends?: unknown; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
  try {
    json = JSON.parse(stripJsonComments(text)) as typeof json;
  } catch {
    return undefined;
  }
  const dir = path.posix.dirname(configFile);
  const parent =
    typeof json.extends === 'string' && json.extends.startsWith('.')
      ? readTsPathConfig(
          path.posix.join(dir, json.extends.endsWith('.json') ? json.extends : `${json.extends}.json`),
          readText,
          depth + 1,
        )
      : undefined;
  const options = json.compilerOptions ?? {};
  const baseDir =
    options.baseUrl !== undefined ? path.posix.normalize(path.posix.join(dir, options.baseUrl)) : parent?.baseDir;
  const paths = options.paths
    ? Object.entries(options.paths).map(([pattern, targets]) => ({
        pattern,
        targets: targets.map((t) => path.posix.normalize(path.posix.join(baseDir ?? dir, t))),
      }))
    : (parent?.paths ?? []);
  return { ...(baseDir !== undefined ? { baseDir } : {}), paths };
}

/** Candidate repo-relative paths (without extension probing) for a bare specifier. */
export function applyTsPaths(config: TsPathConfig, specifier: string): string[] {
  const out: string[] = [];
  for (const { pattern, targets } of config.paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) out.push(...targets);
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (
      specifier.startsWith(prefix) &&
      specifier.endsWith(suffix) &&
      specifier.length >= prefix.length + suffix.length
    ) {
      const middle = specifier.slice(prefix.length, specifier.length - suffix.length);
      out.push(...targets.map((t) => t.replace('*', middle)));
    }
  }
  if (config.baseDir !== undefined) out.push(path.posix.join(config.baseDir, specifier));
  return out;
}

function stripJsonComments(text: string): string {
  return text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
}
