import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatCaption,
  formatMessage,
  renderBlock,
  splitPlain,
} from '../../../src/bots/telegram/format-telegram.js';
import type { Msg } from '../../../src/chat/chat.types.js';
import { parseTelegramHtml } from '../../fakes/telegram/parse-request.js';

/** Every chunk must be valid Telegram HTML within the limit; returns the visible texts. */
function checkChunks(chunks: string[], limit = 4096): string[] {
  return chunks.map((c) => {
    expect(c.length).toBeLessThanOrEqual(limit);
    return parseTelegramHtml(c);
  });
}

describe('escapeHtml', () => {
  it('escapes the characters Telegram HTML reserves and keeps Cyrillic as is', () => {
    expect(escapeHtml('<script>alert("x")</script> & Привет')).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; &amp; Привет',
    );
  });
});

describe('renderBlock', () => {
  it('renders each block kind with its tag and escapes user text', () => {
    expect(renderBlock({ kind: 'header', text: 'Отчёт <b>' })).toEqual(['<b>Отчёт &lt;b&gt;</b>']);
    expect(renderBlock({ kind: 'pre', text: 'a < b' })).toEqual(['<pre>a &lt; b</pre>']);
    expect(
      renderBlock({
        kind: 'fields',
        items: [
          ['Сервис', 'checkout'],
          ['Name', '<script>'],
        ],
      }),
    ).toEqual(['<b>Сервис</b>: checkout\n<b>Name</b>: &lt;script&gt;']);
    expect(renderBlock({ kind: 'link', text: 'Full & more', url: 'https://x.test/r?a=1&b="2"' })).toEqual([
      '<a href="https://x.test/r?a=1&amp;b=&quot;2&quot;">Full &amp; more</a>',
    ]);
  });
});

describe('formatMessage', () => {
  it('keeps a short message in one chunk, blocks separated by blank lines', () => {
    const msg: Msg = {
      blocks: [
        { kind: 'header', text: '❌ checkout' },
        { kind: 'text', text: 'Вердикт: ПРОВАЛ' },
      ],
    };
    const chunks = formatMessage(msg);
    expect(chunks).toEqual(['<b>❌ checkout</b>\n\nВердикт: ПРОВАЛ']);
    expect(checkChunks(chunks)).toEqual(['❌ checkout\n\nВердикт: ПРОВАЛ']);
  });

  it('splits at block boundaries when the blocks together exceed 4096', () => {
    const para = (i: number) => `Абзац ${i}: ${'данные '.repeat(100)}`.trim();
    const blocks = Array.from({ length: 12 }, (_, i) => ({ kind: 'text' as const, text: para(i) }));
    const chunks = formatMessage({ blocks });
    expect(chunks.length).toBeGreaterThan(1);
    const visible = checkChunks(chunks);
    // No block is cut: each chunk starts with a paragraph's beginning.
    for (const v of visible) expect(v).toMatch(/^Абзац \d+:/);
    expect(visible.join('\n\n')).toBe(blocks.map((b) => b.text).join('\n\n'));
  });

  it('hard-splits one oversize block without breaking an entity or a tag', () => {
    // 5000 ampersands escape to 25000 characters: the split must count escaped lengths.
    const chunks = formatMessage({ blocks: [{ kind: 'pre', text: '&<>'.repeat(3000) }] });
    expect(chunks.length).toBeGreaterThan(4);
    const visible = checkChunks(chunks);
    expect(visible.join('')).toBe('&<>'.repeat(3000));
    for (const c of chunks) expect(c).toMatch(/^<pre>[\s\S]*<\/pre>$/);
  });

  it('prefers paragraph, then line breaks when splitting a long text block', () => {
    const text = `${'а'.repeat(3000)}\n\n${'б'.repeat(3000)}\n${'в'.repeat(100)}`;
    const chunks = formatMessage({ blocks: [{ kind: 'text', text }] });
    expect(checkChunks(chunks)).toEqual(['а'.repeat(3000), `${'б'.repeat(3000)}\n${'в'.repeat(100)}`]);
  });

  it('never splits a surrogate pair', () => {
    const text = '📈'.repeat(3000); // 6000 UTF-16 units
    const chunks = formatMessage({ blocks: [{ kind: 'text', text }] });
    expect(chunks.length).toBe(2);
    for (const c of chunks) expect(c).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(chunks.join('')).toBe(text);
  });

  it('drops empty blocks and never returns an empty message', () => {
    expect(formatMessage({ blocks: [{ kind: 'text', text: '' }] })).toEqual(['—']);
    expect(
      formatMessage({
        blocks: [
          { kind: 'text', text: ' ' },
          { kind: 'text', text: 'x' },
        ],
      }),
    ).toEqual(['x']);
  });
});

describe('splitPlain', () => {
  it('cuts at word boundaries and counts escaped lengths', () => {
    const pieces = splitPlain('aa & bb & cc & dd', 10);
    for (const p of pieces) expect(escapeHtml(p).length).toBeLessThanOrEqual(10);
    expect(pieces.join(' ')).toBe('aa & bb & cc & dd');
  });
});

describe('formatCaption', () => {
  it('keeps short captions and cuts long ones to 1024 with an ellipsis', () => {
    expect(formatCaption('checkout: ПРОВАЛ, пик 420 rps')).toBe('checkout: ПРОВАЛ, пик 420 rps');
    const long = formatCaption('я'.repeat(2000));
    expect(long.length).toBe(1024);
    expect(long.endsWith('…')).toBe(true);
    const emoji = formatCaption('📊'.repeat(600));
    expect(emoji.length).toBeLessThanOrEqual(1024);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
