import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installProcessGuards, isFatal } from '../../../src/app/process-guards.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';

function setup() {
  const proc = new EventEmitter();
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) });
  const exits: number[] = [];
  const remove = installProcessGuards(proc, logger, { role: 'bot', exit: (c) => exits.push(c) });
  return { proc, lines, exits, remove };
}

describe('installProcessGuards', () => {
  it('logs an unhandled rejection with its context and keeps the process', () => {
    const { proc, lines, exits } = setup();
    proc.emit('unhandledRejection', new LoadLensError('STORE_ERROR', 'query failed'), Promise.resolve());
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(1);
    const line = lines[0] as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', role: 'bot', kind: 'unhandledRejection', fatal: false });
    expect(line.err).toMatchObject({ name: 'LoadLensError', message: 'query failed' });
    expect(String(line.stack)).toContain('process-guards.test.ts');
  });

  it('logs a non-fatal uncaught exception and keeps the process; secrets are redacted', () => {
    const { proc, lines, exits } = setup();
    proc.emit(
      'uncaughtException',
      new TypeError('x is undefined near xoxb-1234567890-abcdefgh'),
      'uncaughtException',
    );
    proc.emit('uncaughtException', 'a thrown string', 'uncaughtException');
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('xoxb-1234567890');
    expect(lines[1]).toMatchObject({ value: 'a thrown string' });
  });

  it('exits with 1 on a corrupted state: memory exhaustion or an error flagged fatal', () => {
    const { proc, lines, exits } = setup();
    proc.emit('uncaughtException', new RangeError('Array buffer allocation failed'), 'uncaughtException');
    proc.emit('unhandledRejection', Object.assign(new Error('pool state lost'), { fatal: true }));
    expect(exits).toEqual([1, 1]);
    expect(lines.map((l) => l.msg)).toEqual([
      'uncaughtException: corrupted state, exiting',
      'unhandledRejection: corrupted state, exiting',
    ]);
  });

  it('removes exactly its own listeners', () => {
    const { proc, remove } = setup();
    const other = () => undefined;
    proc.on('uncaughtException', other);
    expect(proc.listenerCount('uncaughtException')).toBe(2);
    remove();
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});

describe('isFatal', () => {
  it('is narrow: ordinary errors, coded errors and non-errors are not fatal', () => {
    expect(isFatal(new Error('boom'))).toBe(false);
    expect(isFatal(new RangeError('Invalid array length'))).toBe(false);
    expect(isFatal(new LoadLensError('INTERNAL', 'x'))).toBe(false);
    expect(isFatal(undefined)).toBe(false);
    expect(isFatal({ code: 'ERR_MEMORY_ALLOCATION_FAILED' })).toBe(true);
  });
});
