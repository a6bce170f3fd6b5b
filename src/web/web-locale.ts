import type { IncomingMessage } from 'node:http';
import type { Locale } from '../analysis/report.types.js';
import { readCookies, serializeCookie } from './cookies.js';

const LANG_COOKIE = 'll_lang';
const asLocale = (v: string | null | undefined): Locale | null => (v === 'ru' || v === 'en' ? v : null);

/**
 * The page language: `?lang=` (remembered in a cookie), else the remembered choice, else
 * the browser's first supported Accept-Language, else the deployment's LOCALE.
 */
export function pickWebLocale(
  req: IncomingMessage,
  url: URL,
  fallback: Locale,
  secure: boolean,
): { locale: Locale; setCookies: string[] } {
  const asked = asLocale(url.searchParams.get('lang'));
  if (asked) {
    // Lax: the choice should survive arriving from a chat link (a cross-site navigation).
    const cookie = serializeCookie(LANG_COOKIE, asked, {
      path: '/',
      maxAgeSec: 365 * 86_400,
      sameSite: 'Lax',
      secure,
    });
    return { locale: asked, setCookies: [cookie] };
  }
  const saved = asLocale(readCookies(req).get(LANG_COOKIE)?.[0]);
  if (saved) return { locale: saved, setCookies: [] };
  const header = String(req.headers['accept-language'] ?? '');
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('ru')) return { locale: 'ru', setCookies: [] };
    if (tag.startsWith('en')) return { locale: 'en', setCookies: [] };
  }
  return { locale: fallback, setCookies: [] };
}
