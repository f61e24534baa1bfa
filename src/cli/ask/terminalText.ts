/**
 * Text from a model or an endpoint made safe for a terminal: escape and control sequences (CSI, OSC, DCS, C1 codes)
 * could retitle the window, clear the screen, rewrite earlier lines or, in some terminals, write files or links.
 */
import { stripVTControlCharacters } from 'node:util';

/** C0 controls except tab and newline, DEL, and the C1 range (U+0080–U+009F, where U+009B is an 8-bit CSI). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * String sequences (DCS, SOS, OSC, PM, APC; 7-bit `ESC P` and 8-bit) up to their terminator; the body stops at any
 * introducer, so each character is scanned once and hostile input stays linear.
 */
const stringSequence =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\u001b[PX\]^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u0090\u0098\u009c-\u009f]*(?:\u0007|\u009c|\u001b\\)/g;

/**
 * Removes whole escape sequences first (so their parameters do not stay behind as text), then every control
 * character that is left, whatever sequence it started; tabs and newlines are kept.
 */
export function stripTerminalControls(text: string): string {
  return stripVTControlCharacters(text.replace(stringSequence, '')).replace(controlCharacters, '');
}

/**
 * JSON text whose strings keep every character but show C1 codes and DEL as \u escapes (JSON.stringify escapes C0
 * controls only), so printing the JSON to a terminal runs no sequence and parsing it gives the original strings.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
