// LoadLens web view, shared by every page. Loaded synchronously in <head> so the saved
// theme applies before the first paint. No inline scripts exist (strict CSP): pages pass
// data through data-* attributes on <body> and the csrf-token meta tag.
(() => {
  const KEY = 'loadlens-theme';
  const root = document.documentElement;
  const dark = window.matchMedia('(prefers-color-scheme: dark)');

  const saved = () => {
    try {
      const v = window.localStorage.getItem(KEY);
      return v === 'light' || v === 'dark' ? v : null;
    } catch {
      return null;
    }
  };
  const initial = saved();
  if (initial) root.dataset.theme = initial;

  // 👍/👎 need an emoji font, which many machines (servers, some Linux desktops) lack: they
  // draw an empty box. Drawn like a surely missing code point, the emoji is missing too, and
  // the ✓/✗ beside it must carry the meaning alone.
  const hasEmoji = () => {
    try {
      const c = document.createElement('canvas');
      c.width = 40;
      c.height = 24;
      const ctx = c.getContext('2d');
      if (!ctx) return true;
      const draw = (text) => {
        ctx.clearRect(0, 0, c.width, c.height);
        ctx.font = '20px sans-serif';
        ctx.textBaseline = 'top';
        ctx.fillText(text, 0, 0);
        return Array.from(ctx.getImageData(0, 0, c.width, c.height).data).join(',');
      };
      return draw('\u{1F44D}') !== draw('\u{10FFFD}');
    } catch {
      return true;
    }
  };
  if (!hasEmoji()) root.classList.add('no-emoji');

  const effectiveTheme = () => root.dataset.theme || (dark.matches ? 'dark' : 'light');
  const themeChanged = () => document.dispatchEvent(new CustomEvent('loadlens:theme'));
  const setTheme = (t) => {
    root.dataset.theme = t;
    try {
      window.localStorage.setItem(KEY, t);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    themeChanged();
  };

  const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

  /** fetch() with the CSRF header and JSON in and out; throws Error(message) with .status. */
  const api = async (method, url, body) => {
    const headers = { 'x-csrf-token': csrfToken(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      const err = new Error(data?.message || res.statusText || String(res.status));
      err.status = res.status;
      throw err;
    }
    return data;
  };

  const strings = () => {
    try {
      return JSON.parse(document.body.dataset.i18n || '{}');
    } catch {
      return {};
    }
  };
  const fmt = (s, params) =>
    String(s ?? '').replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));

  /** Creates an element with a class and text (text is set as text, never parsed as HTML). */
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  /** Shows a message in a status element; errors are marked for styling. */
  const status = (node, text, isError) => {
    if (!node) return;
    node.textContent = text;
    node.classList.toggle('error', Boolean(isError));
  };

  window.LoadLens = { api, strings, fmt, el, status, effectiveTheme };

  document.addEventListener('DOMContentLoaded', () => {
    document
      .getElementById('theme-toggle')
      ?.addEventListener('click', () => setTheme(effectiveTheme() === 'dark' ? 'light' : 'dark'));
    dark.addEventListener('change', () => {
      if (!root.dataset.theme) themeChanged();
    });
  });
})();
