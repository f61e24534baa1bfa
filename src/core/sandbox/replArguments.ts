/**
 * Argument checks for REPL functions: a wrong call becomes an error message the model can act on.
 */
export class ReplArgumentError extends Error {
  constructor(
    readonly functionName: string,
    message: string,
  ) {
    super(`${functionName}: ${message}`);
    this.name = 'TypeError';
  }
}

export function requireString(fn: string, name: string, value: unknown, maxChars = Infinity): string {
  if (typeof value !== 'string' || value === '')
    throw new ReplArgumentError(fn, `${name} must be a non-empty string, got ${describe(value)}.`);
  if (value.length > maxChars)
    throw new ReplArgumentError(fn, `${name} has ${value.length} characters; at most ${maxChars} make sense here.`);
  return value;
}

/** Longest path a REPL function takes (the longest path most systems allow). */
export const maxPathChars = 4_096;
/** Longest symbol name or query a REPL function takes. */
export const maxNameChars = 1_000;

export function optionalString(fn: string, name: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : requireString(fn, name, value);
}

export function optionalInteger(fn: string, name: string, value: unknown, min = 1): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ReplArgumentError(fn, `${name} must be an integer ≥ ${min}, got ${describe(value)}.`);
  }
  return value;
}

export function optionalObject(fn: string, name: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ReplArgumentError(fn, `${name} must be an object, got ${describe(value)}.`);
  return value as Record<string, unknown>;
}

export function requireStringArray(fn: string, name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ReplArgumentError(fn, `${name} must be an array of strings, got ${describe(value)}.`);
  }
  return value as string[];
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
