/** How much of what a user typed an error message quotes back (issue 16). */
export const ECHO_MAX_CHARS = 60;

/**
 * Cuts `text` to at most `max` code points (never inside a surrogate pair), ending with an
 * ellipsis when it was cut. Used wherever user input is echoed or logged, so a 60 KiB
 * argument or path never comes back whole.
 */
export function clip(text: string, max: number): string {
  // Only the first max+1 code points matter; a huge input is not split into an array whole.
  const chars: string[] = [];
  for (const ch of text) {
    chars.push(ch);
    if (chars.length > max) break;
  }
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when `text` holds a C0 control character or DEL (NUL included: PostgreSQL refuses it in text). */
export function hasControlChars(text: string): boolean {
  return CONTROL.test(text);
}
