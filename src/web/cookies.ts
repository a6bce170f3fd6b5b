import type { IncomingMessage } from 'node:http';

/**
 * Every value of every cookie of a request, by name. Several cookies may share a name
 * (different paths), so each name maps to all its values, most specific path first as
 * browsers send them.
 */
export function readCookies(req: IncomingMessage): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const header = req.headers.cookie;
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    const list = out.get(name) ?? [];
    list.push(value);
    out.set(name, list);
  }
  return out;
}

/** Attributes of a cookie to set. */
export interface CookieOptions {
  path: string;
  maxAgeSec: number;
  httpOnly?: boolean;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
}

/** A `Set-Cookie` header value. Names and values must be cookie-safe (base64url, ids). */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    `Path=${o.path}`,
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSec))}`,
    `SameSite=${o.sameSite}`,
  ];
  if (o.httpOnly !== false) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Adds `Set-Cookie` values to a response without dropping ones already set. */
export function appendSetCookie(
  res: { getHeader(n: string): unknown; setHeader(n: string, v: string[]): unknown },
  cookies: string[],
): void {
  if (cookies.length === 0) return;
  const prev = res.getHeader('set-cookie');
  const list = Array.isArray(prev) ? prev.map(String) : prev === undefined ? [] : [String(prev)];
  res.setHeader('set-cookie', [...list, ...cookies]);
}
