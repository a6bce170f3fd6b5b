import { describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import {
  escapeMrkdwn,
  formatSlackEdit,
  formatSlackMessages,
  SLACK_LIMITS,
  type SlackMessage,
  splitText,
} from '../../../src/bots/slack/format-slack.js';
import type { Msg } from '../../../src/chat/chat.types.js';
import { reportSummaryMessage } from '../../../src/chat/report-message.js';
import { checkBlocks } from '../../fakes/slack/block-rules.js';

const XSS = '<script>alert("x")</script> & more';

/** A Slack block as the tests read it: every property a block may have, loosely typed. */
interface AnyBlock {
  type: string;
  text: { type: string; text: string };
  fields: Array<{ type: string; text: string }>;
  elements: Array<{ action_id: string; value?: string; url?: string }>;
  [key: string]: unknown;
}
const blocksOf = (m: SlackMessage) => m.blocks as unknown as AnyBlock[];
const sectionTexts = (ms: SlackMessage[]) =>
  ms
    .flatMap(blocksOf)
    .filter((b) => b.type === 'section' && b.text)
    .map((b) => b.text.text as string);

/** Every message must pass the rules the fake Slack enforces (an independent check). */
function expectValid(ms: SlackMessage[]) {
  for (const m of ms) {
    expect(checkBlocks(blocksOf(m))).toBeUndefined();
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(m.text.length).toBeGreaterThan(0);
    const chars = blocksOf(m).reduce(
      (n, b) =>
        n + (b.text?.text?.length ?? 0) + (b.fields ?? []).reduce((k: number, f) => k + f.text.length, 0),
      0,
    );
    expect(chars).toBeLessThanOrEqual(SLACK_LIMITS.messageChars);
  }
}

describe('escaping', () => {
  it('escapes & < > in mrkdwn and leaves plain-text headers alone', () => {
    const [m] = formatSlackMessages({
      blocks: [
        { kind: 'header', text: XSS },
        { kind: 'text', text: XSS },
        { kind: 'pre', text: XSS },
        { kind: 'fields', items: [[XSS, XSS]] },
      ],
    });
    const blocks = blocksOf(m!);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: XSS, emoji: true } });
    expect(blocks[1]!.text.text).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; more');
    expect(blocks[2]!.text.text).toBe('```\n&lt;script&gt;alert("x")&lt;/script&gt; &amp; more\n```');
    expect(blocks[3]!.fields[0]?.text).toBe(
      '*&lt;script&gt;alert("x")&lt;/script&gt; &amp; more*\n&lt;script&gt;alert("x")&lt;/script&gt; &amp; more',
    );
    // No raw angle bracket survives in any mrkdwn text, so nothing can become a link or mention.
    for (const t of sectionTexts([m!])) expect(t).not.toMatch(/[<>]/);
    expect(m!.text).toContain('<script>'); // the notification fallback shows the plain text
  });

  it('formats links as <url|text> with the url and label escaped', () => {
    const [m] = formatSlackMessages({
      blocks: [{ kind: 'link', text: 'Full <report> & more', url: 'https://x.test/r/1?a=1&b=<2>|3' }],
    });
    expect(blocksOf(m!)[0]!.text.text).toBe(
      '<https://x.test/r/1?a=1&amp;b=%3C2%3E%7C3|Full &lt;report&gt; &amp; more>',
    );
  });

  it('keeps Cyrillic and emoji intact', () => {
    const text = '✅ Вердикт: ПРОЙДЕН\nПик: 205 зап/с (13:30–13:40)';
    const [m] = formatSlackMessages({
      blocks: [
        { kind: 'header', text: '❌ Ночной прогон' },
        { kind: 'text', text },
      ],
    });
    expect(blocksOf(m!)[0]!.text.text).toBe('❌ Ночной прогон');
    expect(blocksOf(m!)[1]!.text.text).toBe(text);
    expect(escapeMrkdwn('Привет <мир>')).toBe('Привет &lt;мир&gt;');
  });
});

describe('limits and splitting', () => {
  it('splits long text at paragraph boundaries, each section within 3000 characters', () => {
    const para = (i: number) => `Абзац ${i}: ${'данные & <метрики> '.repeat(30).trim()}`;
    const paragraphs = Array.from({ length: 40 }, (_, i) => para(i));
    const ms = formatSlackMessages({ blocks: [{ kind: 'text', text: paragraphs.join('\n\n') }] });
    expectValid(ms);
    const texts = sectionTexts(ms);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(3000);
      // Every section holds whole paragraphs: it starts at one and ends with one.
      expect(t).toMatch(/^Абзац \d+: /);
      expect(t.endsWith('&lt;метрики&gt;')).toBe(true);
    }
    const back = texts.join('\n\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(back).toBe(paragraphs.join('\n\n'));
  });

  it('splits a paragraph without breaks at lines, then words, never losing text', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const parts = splitText(long, 3000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    expect(parts.join(' ')).toBe(long);
    const word = 'я'.repeat(7000);
    const hard = splitText(word, 3000);
    expect(hard.map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });

  it('splits a long table into several code blocks, each fenced', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${String(i).padEnd(4)} 10:00–10:10  ${i * 10} rps`);
    const ms = formatSlackMessages({ blocks: [{ kind: 'pre', text: rows.join('\n') }] });
    expectValid(ms);
    const texts = sectionTexts(ms);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t).toMatch(/^```\n[\s\S]+\n```$/);
    const inner = texts.map((t) => t.slice(4, -4)).join('\n');
    expect(inner).toBe(rows.join('\n'));
  });

  it('splits more than 50 blocks into several messages, buttons on the last one', () => {
    const msg: Msg = {
      blocks: Array.from({ length: 120 }, (_, i) => ({ kind: 'text' as const, text: `line ${i}` })),
      buttons: [[{ kind: 'action', label: 'Set as baseline', action: 'set_baseline', runId: 'r1' }]],
    };
    const ms = formatSlackMessages(msg);
    expectValid(ms);
    expect(ms).toHaveLength(3);
    expect(ms.map((m) => m.blocks.length)).toEqual([50, 50, 21]);
    expect(
      ms
        .slice(0, 2)
        .flatMap(blocksOf)
        .some((b) => b.type === 'actions'),
    ).toBe(false);
    expect(blocksOf(ms[2]!).at(-1)!.type).toBe('actions');
    const all = sectionTexts(ms);
    expect(all).toEqual(msg.blocks.map((b) => (b as { text: string }).text));
  });

  it('moves the buttons to a new message when the last one is full, and keeps headers with their content', () => {
    const blocks: Msg['blocks'] = Array.from({ length: 49 }, (_, i) => ({
      kind: 'text' as const,
      text: `t${i}`,
    }));
    blocks.push({ kind: 'header', text: 'Findings' }, { kind: 'text', text: 'the finding' });
    const ms = formatSlackMessages({
      blocks,
      buttons: [[{ kind: 'url', label: 'Full report', url: 'https://x.test/r/1' }]],
    });
    expectValid(ms);
    expect(ms).toHaveLength(2);
    expect(ms[0]!.blocks.at(-1)!.type).toBe('section');
    expect(blocksOf(ms[1]!).map((b) => b.type)).toEqual(['header', 'section', 'actions']);
  });

  it('turns an over-long header into a bold section and chunks many fields', () => {
    const ms = formatSlackMessages({
      blocks: [
        { kind: 'header', text: 'Очень длинный заголовок '.repeat(10) },
        {
          kind: 'fields',
          items: Array.from({ length: 23 }, (_, i): [string, string] => [`k${i}`, 'v'.repeat(100)]),
        },
      ],
    });
    expectValid(ms);
    const blocks = blocksOf(ms[0]!);
    expect(blocks[0]!.type).toBe('section');
    expect(blocks[0]!.text.text).toMatch(/^\*Очень длинный заголовок/);
    expect(blocks.slice(1).map((b) => b.fields.length)).toEqual([10, 10, 3]);
    // Over-long values are cut to Slack's 2000 characters per field, and spread over messages.
    const items = Array.from({ length: 23 }, (_, i): [string, string] => [`k${i}`, 'v'.repeat(3000)]);
    const long = formatSlackMessages({ blocks: [{ kind: 'fields', items }] });
    expectValid(long);
    expect(long.length).toBeGreaterThan(1);
    expect(long.flatMap(blocksOf).flatMap((b) => b.fields)).toHaveLength(23);
  });

  it('drops empty blocks and still produces a postable message', () => {
    const ms = formatSlackMessages({
      blocks: [
        { kind: 'text', text: '  ' },
        { kind: 'header', text: '' },
      ],
    });
    expect(ms).toHaveLength(1);
    expect(ms[0]!.blocks).toEqual([]);
    expect(ms[0]!.text.length).toBeGreaterThan(0);
  });

  it('an edit is always one message within the limits', () => {
    const edit = formatSlackEdit({
      blocks: Array.from({ length: 80 }, (_, i) => ({ kind: 'text' as const, text: `t${i}` })),
      buttons: [[{ kind: 'action', label: 'PDF', action: 'pdf', runId: 'r' }]],
    });
    expect(checkBlocks(edit.blocks as unknown as AnyBlock[])).toBeUndefined();
    expect(edit.blocks).toHaveLength(50);
    expect(edit.blocks.at(-1)!.type).toBe('actions');
  });
});

describe('the report summary', () => {
  const report: ReportJson = {
    runId: 'run-7',
    name: `nightly ${XSS}`,
    service: 'orders',
    window: { from: '2026-03-02T10:00:00Z', to: '2026-03-02T16:00:00Z' },
    verdict: 'risk',
    peak: { rps: 205, from: '2026-03-02T10:30:00Z', to: '2026-03-02T10:40:00Z', dropAt: null },
    steps: Array.from({ length: 300 }, (_, i) => ({
      from: new Date(Date.parse('2026-03-02T10:00:00Z') + i * 60_000).toISOString(),
      to: new Date(Date.parse('2026-03-02T10:01:00Z') + i * 60_000).toISOString(),
      rps: 10 + i,
      p95Ms: 50 + i,
      errorRate: 0.001,
      stable: true,
    })),
    slo: [{ expr: 'p95 < 300ms', actual: 900, passed: false }],
    domains: ['http', 'jvm', 'database', 'kafka', 'infra', 'load'].map((id) => ({
      id: id as ReportJson['domains'][number]['id'],
      status: 'risk' as const,
      summary: `${id} ${'подробности '.repeat(40)}`,
      findings: Array.from({ length: 4 }, (_, k) => ({
        severity: 'high' as const,
        title: `${id} finding ${k} ${XSS}`,
        metric: 'm',
        at: '2026-03-02T10:50:00Z',
        value: 1,
      })),
      packs: [],
    })),
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 1, total: 3 },
  };

  it('fits Slack: valid blocks, sections within 3000, buttons with action ids and the web link', () => {
    const msg = reportSummaryMessage(report, {
      locale: 'ru',
      tz: 'Europe/Moscow',
      link: 'https://ll.test/r/run-7?t=a&u=b',
    });
    const ms = formatSlackMessages(msg);
    expectValid(ms);
    // 300 step rows fit neither one section nor one message's payload.
    expect(ms.length).toBeGreaterThan(1);
    expect(sectionTexts(ms).filter((t) => t.startsWith('```')).length).toBeGreaterThan(2);
    for (const t of sectionTexts(ms)) expect(t.length).toBeLessThanOrEqual(3000);
    const buttons = blocksOf(ms.at(-1)!)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements);
    expect(buttons.map((b) => b.action_id)).toEqual([
      'll_compare_baseline',
      'll_set_baseline',
      'll_pdf',
      'll_url_3',
    ]);
    expect(buttons[0]?.value).toBe('run-7');
    expect(buttons[3]?.url).toBe('https://ll.test/r/run-7?t=a&u=b');
    expect(sectionTexts(ms).join('\n')).toContain('<https://ll.test/r/run-7?t=a&amp;u=b|');
    expect(ms.map((m) => m.text).join('\n')).toContain('Вердикт');
  });
});
