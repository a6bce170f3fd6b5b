import { hasControlChars } from '../core/clip.js';
import { LoadLensError } from '../core/errors.js';

/** Longest request target served; Node refuses header sections over 16 KiB before we see them. */
export const MAX_TARGET_CHARS = 8_192;

/** A request target that passed the strict checks. */
export interface RequestTarget {
  /** The parsed URL (origin `http://localhost`; only path and query matter). */
  url: URL;
  /** Path segments as sent (still percent-encoded), without the leading empty one. */
  raw: string[];
  /** The same segments percent-decoded. */
  decoded: string[];
}

const bad = (why: string) => new LoadLensError('BAD_INPUT', `malformed request target: ${why}`);

/** Strict percent-decoding: bad escapes and invalid or overlong UTF-8 throw. */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw bad('bad percent-encoding');
  }
}

/**
 * Parses the target of a request line before any routing (issue 16): only the origin form
 * (`/path?query`) is served. Absolute and asterisk forms, `//`, `.`/`..` segments (raw or
 * encoded), backslashes, fragments, control characters, bad percent escapes, overlong
 * UTF-8 and targets over 8 KiB are refused with BAD_INPUT (400), so no handler ever sees
 * a path that a URL parser or `decodeURIComponent` would reject or silently normalise.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget {
  if (!target) throw bad('empty');
  if (target.length > MAX_TARGET_CHARS) throw bad(`longer than ${MAX_TARGET_CHARS} characters`);
  if (!target.startsWith('/')) throw bad('only origin-form targets (/path) are served');
  if (target.includes('#')) throw bad('a fragment is never sent');
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (path.includes('\\')) throw bad('backslash in the path');
  if (hasControlChars(target)) throw bad('control character');
  const raw = path.slice(1).split('/');
  // A trailing slash is an empty last segment (a 404 at worst); an empty one inside is `//`.
  if (raw.slice(0, -1).some((s) => s === '')) throw bad('empty path segment (//)');
  const decoded = raw.map(decodeSegment);
  for (const d of decoded) {
    if (d === '.' || d === '..') throw bad('dot segment');
    // No id, name or file of ours holds a control character, and PostgreSQL refuses NUL.
    if (hasControlChars(d)) throw bad('control character');
  }
  let url: URL;
  try {
    url = new URL(target, 'http://localhost');
  } catch {
    throw bad('unparseable');
  }
  // The checks above leave nothing for the URL parser to rewrite; if it did, refuse rather than guess.
  if (url.pathname !== path) throw bad('path would be normalised');
  return { url, raw, decoded };
}
