import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from '../../../src/web/markdown.js';

/** Tags the sanitiser may emit, and the only attributes it writes. */
const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'hr',
  'a',
]);

/** Asserts every tag in `html` is one the sanitiser writes, with only safe attributes. */
function expectOnlySafeMarkup(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    expect(ALLOWED_TAGS.has(tag), `tag <${tag}> in ${html}`).toBe(true);
    const attrs = m[2]!.trim();
    if (tag !== 'a' || m[0].startsWith('</')) {
      expect(attrs, `attributes on <${tag}> in ${html}`).toBe('');
      continue;
    }
    const names = [...attrs.matchAll(/([a-z-]+)="[^"]*"/g)].map((x) => x[1]);
    expect(names).toEqual(['href', 'rel', 'target']);
    const href = /href="([^"]*)"/.exec(attrs)![1]!;
    expect(href).toMatch(/^https?:\/\//);
  }
  // Outside the fixed tags every `<` is escaped: payload text can only ever be text.
  expect(html.replace(/<\/?([a-zA-Z0-9]+)([^>]*)>/g, '')).not.toContain('<');
  expect(html).not.toMatch(/<(script|img|svg|iframe|object|embed|style|link|meta|form|input|math)\b/i);
}

const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '"><img src=x onerror=alert(1)>',
  "'><script>alert(1)</script>",
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[click](https://ok.example" onmouseover="alert(1))',
  '[<img src=x onerror=alert(1)>](https://ok.example)',
  '<https://ok.example/"onmouseover="alert(1)>',
  'https://ok.example/<script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '`<script>alert(1)</script>`',
  '```\n<img src=x onerror=alert(1)>\n```',
  '# <script>alert(1)</script>',
  '- <iframe src="javascript:alert(1)"></iframe>',
  '> <style>body{display:none}</style>',
  '**<img src=x onerror=alert(1)>**',
  '_<svg onload=alert(1)>_',
  '\u0000<script>alert(1)</script>\u00000\u0000',
  '<<script>script>alert(1)<</script>/script>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
];

describe('markdown sanitiser', () => {
  for (const payload of XSS_CORPUS) {
    it(`keeps ${JSON.stringify(payload).slice(0, 60)} inert`, () => {
      expectOnlySafeMarkup(renderMarkdown(payload));
    });
  }

  it('shows raw HTML as text instead of dropping it', () => {
    expect(renderMarkdown('<b>hi</b>')).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
    expect(renderMarkdown('a & b')).toBe('<p>a &amp; b</p>');
    // Entities typed by the user stay literal text (escaped once more), not decoded markup.
    expect(renderMarkdown('&lt;b&gt;')).toBe('<p>&amp;lt;b&amp;gt;</p>');
  });

  it('renders the supported subset', () => {
    const html = renderMarkdown(
      [
        '# Result',
        '',
        'The pool was **saturated** at *10:47*, see `hikari_pending`.',
        'Second line.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '> quoted',
        '',
        '```',
        'select 1;',
        '```',
        '',
        '[dashboard](https://grafana.example/d/1?x=a_b) and https://prom.example/graph.',
      ].join('\n'),
    );
    expect(html).toContain('<h3>Result</h3>');
    expect(html).toContain('<strong>saturated</strong>');
    expect(html).toContain('<em>10:47</em>');
    expect(html).toContain('<code>hikari_pending</code>');
    expect(html).toContain('<br>Second line.');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<blockquote><p>quoted</p></blockquote>');
    expect(html).toContain('<pre><code>select 1;</code></pre>');
    expect(html).toContain(
      '<a href="https://grafana.example/d/1?x=a_b" rel="noopener noreferrer nofollow" target="_blank">dashboard</a>',
    );
    // The bare URL is linked without its trailing full stop.
    expect(html).toContain('>https://prom.example/graph</a>.');
    expectOnlySafeMarkup(html);
  });

  it('keeps underscores inside words and URLs as they are', () => {
    expect(renderMarkdown('snake_case_name and _this_')).toBe('<p>snake_case_name and <em>this</em></p>');
    expect(renderMarkdown('window.__a=1 and window.__b=2, __strong__')).toBe(
      '<p>window.__a=1 and window.__b=2, <strong>strong</strong></p>',
    );
  });

  it('accepts only absolute http(s) link targets', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('http://a.example')).toBe('http://a.example/');
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:x',
      'data:text/html,x',
      '/relative',
      'ftp://x',
      'mailto:a@b',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });
});
