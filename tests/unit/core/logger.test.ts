import { describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { createLogger, redact } from '../../../src/core/logger.js';

describe('logger', () => {
  it('redacts secret keys and URL credentials', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.info('connect', { url: 'postgres://app:s3cret@db:5432/x', apiKey: 'sk-123', nested: { token: 't' } });
    const rec = JSON.parse(lines[0] as string);
    expect(rec.url).toBe('postgres://app:***@db:5432/x');
    expect(rec.apiKey).toBe('***');
    expect(rec.nested.token).toBe('***');
    expect(lines[0]).not.toContain('s3cret');
  });
  it('redacts bot and API tokens inside messages and URLs', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.error('send failed', {
      err: new Error(
        'request to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed',
      ),
      slack: 'token xoxb-1234-5678-abcdefghijkl rejected',
      llm: 'key sk-proj-abcdefghijklmnopqrstuv invalid',
    });
    expect(lines[0]).not.toMatch(/AAHdqTcv|abcdefghijkl|abcdefghijklmnop/);
    expect(lines[0]).toContain('bot***/sendMessage');
  });
  it('respects the level and carries child fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) }).child({ job: 'j1' });
    log.info('hidden');
    log.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).job).toBe('j1');
  });
  it('keeps error codes and causes', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new LoadLensError('SOURCE_UNREACHABLE', 'down', { cause });
    expect(e.cause).toBe(cause);
    expect(e.retryable).toBe(true);
    expect(new LoadLensError('BAD_INPUT', 'x').retryable).toBe(false);
    expect(redact(e)).toMatchObject({ message: 'down', code: 'SOURCE_UNREACHABLE' });
  });
});
