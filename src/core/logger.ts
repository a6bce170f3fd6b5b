/** Structured logger handed to every handler through its context; never a global. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Keys whose values are never written, whatever their nesting. */
const SECRET_KEY = /(token|secret|password|passwd|authorization|api[_-]?key|cookie)/i;
/** Credentials inside URLs (`scheme://user:pass@host`). */
const URL_CREDENTIALS = /(\w+:\/\/)([^/\s:@]+):([^/\s@]+)@/g;

/** Tokens that can hide inside error messages and URLs (Telegram bot API paths, Slack, OpenAI). */
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/bot\d{5,}:[\w-]{20,}/g, 'bot***'],
  [/\bxox[abprs]-[\w-]{8,}/g, 'xox*-***'],
  [/\bxapp-[\w-]{8,}/g, 'xapp-***'],
  [/\bsk-[\w-]{16,}/g, 'sk-***'],
];

/** Replaces secret-looking values so logs can be shared safely. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') {
    let out = value.replace(URL_CREDENTIALS, '$1$2:***@');
    for (const [re, to] of TOKEN_PATTERNS) out = out.replace(re, to);
    return out;
  }
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redact(value.message, depth + 1),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '***' : redact(v, depth + 1);
    return out;
  }
  return value;
}

/** A JSON-lines logger writing to `write` (stderr by default). */
export function createLogger(
  opts: { level?: LogLevel; write?: (line: string) => void; base?: Record<string, unknown> } = {},
): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = opts.base ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const rec = redact({ time: new Date().toISOString(), level, msg, ...base, ...fields });
    write(JSON.stringify(rec));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (tests, `--json` CLI runs). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
