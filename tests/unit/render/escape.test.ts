import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/render/escape.js';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });

  it('turns null and undefined into empty text and numbers into text', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('leaves plain Cyrillic text alone', () => {
    expect(escapeHtml('Пропускная способность')).toBe('Пропускная способность');
  });
});
