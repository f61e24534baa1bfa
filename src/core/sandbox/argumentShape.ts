/**
 * The JSON a cell hands a REPL function, checked again as text where it leaves the sandbox. The prelude bounds the
 * values it walks, but model code can get past that walk (`toJSON`, an overridden `Array.prototype.push` or
 * iterator), so size and nesting are measured here on what is actually sent: one linear scan, no parsing.
 */
import type { ArgumentBounds } from './sandboxPrelude';

/** The reason the arguments are refused, or undefined when they are within the bounds. */
export function argumentShapeError(name: string, json: string, bounds: ArgumentBounds): string | undefined {
  // Quotes and escapes make the JSON of a bounded text somewhat longer than its characters.
  if (json.length > bounds.maxChars * 1.25 + 1024)
    return `${name}: the arguments hold more than ${bounds.maxChars} characters; pass less text per call.`;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      values++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      // The outer array holds the arguments themselves, so it does not count as a level.
      if (++depth > bounds.maxDepth + 1)
        return `${name}: the arguments are nested more than ${bounds.maxDepth} levels deep; pass strings, lists of strings and flat option objects.`;
      values++;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if (c === 44 /* , */) values++;
    if (values > bounds.maxValues * 2 + 16)
      return `${name}: the arguments hold more than ${bounds.maxValues} values; pass fewer or smaller items.`;
  }
  return undefined;
}
