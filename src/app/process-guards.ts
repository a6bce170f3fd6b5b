import { clip } from '../core/clip.js';
import type { Logger } from '../core/logger.js';

/** The part of `process` the guards use; tests pass an EventEmitter. */
export type GuardedProcess = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

/** Node codes (and V8 messages) meaning memory ran out: nothing after that can be trusted. */
const OUT_OF_MEMORY_CODES = new Set(['ERR_MEMORY_ALLOCATION_FAILED', 'ERR_WORKER_OUT_OF_MEMORY']);
const OUT_OF_MEMORY_MESSAGE = /allocation failed|out of memory|heap out of memory/i;

/**
 * Whether an error leaves the process in a state it must not keep serving from. It is
 * deliberately narrow: memory exhaustion, and errors a component flags `fatal: true`
 * (one that knows its shared state is half-written, e.g. a pool it cannot rebuild). Anything
 * else escaped one request or one job; the rest of the process is untouched by it.
 */
export function isFatal(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { fatal?: unknown; code?: unknown; message?: unknown };
  if (e.fatal === true) return true;
  if (typeof e.code === 'string' && OUT_OF_MEMORY_CODES.has(e.code)) return true;
  return err instanceof RangeError && typeof e.message === 'string' && OUT_OF_MEMORY_MESSAGE.test(e.message);
}

/** The log fields of an escaped error: name, code, message and the top of the stack, cut short. */
function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { value: clip(String(err), 200) };
  return {
    err,
    stack: clip((err.stack ?? '').split('\n').slice(0, 6).join('\n'), 1_000),
  };
}

/**
 * Process-level guards for the long-running roles (serve, bot, worker). A rejection nobody
 * awaited and an exception nobody caught are logged with their context (role, kind, the
 * error's top frames) and the process keeps serving; only a fatal error (`isFatal`) logs
 * and calls `exit(1)`, so the supervisor restarts a clean process. Returns a function that
 * removes the guards. Everything is injected: tests pass an EventEmitter, a logger and a
 * recording `exit`.
 */
export function installProcessGuards(
  proc: GuardedProcess,
  logger: Logger,
  opts: { role: string; exit: (code: number) => void },
): () => void {
  const log = logger.child({ role: opts.role });
  const escaped = (kind: 'unhandledRejection' | 'uncaughtException', err: unknown, origin?: string) => {
    const fatal = isFatal(err);
    log.error(fatal ? `${kind}: corrupted state, exiting` : `${kind}: logged, still serving`, {
      kind,
      ...(origin && origin !== kind ? { origin } : {}),
      fatal,
      ...describe(err),
    });
    if (fatal) opts.exit(1);
  };
  const onRejection = (reason: unknown) => escaped('unhandledRejection', reason);
  const onException = (err: unknown, origin?: string) => escaped('uncaughtException', err, origin);
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
