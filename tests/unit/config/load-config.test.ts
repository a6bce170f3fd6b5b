import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { isLoadLensError } from '../../../src/core/errors.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('applies defaults with an empty environment', () => {
    const { env, file } = loadConfig({ env: {} });
    expect(env.PORT).toBe(8080);
    expect(env.LOCALE).toBe('en');
    expect(env.TZ).toBe('UTC');
    expect(env.LOADLENS_DATA_DIR).toBe('./data');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(file.services).toEqual({});
  });

  it('names the key and the bad value in one line', () => {
    const e = errorOf(() => loadConfig({ env: { PORT: 'eighty' } }));
    expect(isLoadLensError(e, 'CONFIG_INVALID')).toBe(true);
    expect(e.message).toMatch(/^PORT: must be a number \(got "eighty"\)$/);
    expect(errorOf(() => loadConfig({ env: { LOCALE: 'de' } })).message).toMatch(/^LOCALE: must be ru or en/);
    expect(errorOf(() => loadConfig({ env: { TZ: 'Mars/Base' } })).message).toMatch(/^TZ: must be an IANA/);
    expect(errorOf(() => loadConfig({ env: { PROMETHEUS_URL: 'localhost' } })).message).toMatch(
      /^PROMETHEUS_URL:/,
    );
  });

  it('never echoes a secret value in the error', () => {
    const e = errorOf(() => loadConfig({ env: { DATABASE_URL: 'mysql://u:hunter2@db/x' } }));
    expect(e.message).toMatch(/^DATABASE_URL: must start with postgres/);
    expect(e.message).not.toContain('hunter2');
  });

  it('reads secrets from *_FILE and refuses both forms at once', () => {
    const files: Record<string, string> = { '/run/secrets/tg': 'abc:def\n' };
    const readFile = (p: string) => {
      const v = files[p];
      if (v === undefined) throw new Error('ENOENT');
      return v;
    };
    const { env } = loadConfig({ env: { TELEGRAM_BOT_TOKEN_FILE: '/run/secrets/tg' }, readFile });
    expect(env.TELEGRAM_BOT_TOKEN).toBe('abc:def');
    expect(
      errorOf(() => loadConfig({ env: { TELEGRAM_BOT_TOKEN_FILE: '/nope' }, readFile })).message,
    ).toMatch(/^TELEGRAM_BOT_TOKEN_FILE: cannot read \/nope/);
    expect(
      errorOf(() =>
        loadConfig({
          env: { TELEGRAM_BOT_TOKEN: 'x', TELEGRAM_BOT_TOKEN_FILE: '/run/secrets/tg' },
          readFile,
        }),
      ).message,
    ).toMatch(/either TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE/);
  });

  it('parses the YAML service catalogue', () => {
    const yaml = `
services:
  orders:
    selector: 'application="orders"'
    slo: ['p95<500ms', 'error_rate<1%']
    chats: ['telegram:-100123']
    queries:
      http:
        - id: checkout_p95
          promql: histogram_quantile(0.95, sum by (le) (rate(x_bucket[1m])))
          unit: s
`;
    const { file } = loadConfig({ env: { LOADLENS_CONFIG: '/cfg.yml' }, readFile: () => yaml });
    const orders = file.services.orders;
    expect(orders?.selector).toBe('application="orders"');
    expect(orders?.slo).toEqual(['p95<500ms', 'error_rate<1%']);
    expect(orders?.queries.http?.[0]?.role).toBe('gauge');
    expect(file.alerts.serviceLabels).toEqual(['service', 'application', 'job']);
  });

  it('names the YAML path of an invalid entry', () => {
    const yaml = 'services:\n  orders:\n    chats: ["whatsapp:1"]\n';
    const e = errorOf(() => loadConfig({ env: { LOADLENS_CONFIG: '/cfg.yml' }, readFile: () => yaml }));
    expect(e.message).toMatch(/^LOADLENS_CONFIG \/cfg.yml: services.orders.chats.0: must look like telegram/);
    const bad = errorOf(() => loadConfig({ env: { LOADLENS_CONFIG: '/cfg.yml' }, readFile: () => 'a: [' }));
    expect(bad.message).toMatch(/^LOADLENS_CONFIG: not valid YAML/);
    const unknown = errorOf(() =>
      loadConfig({ env: { LOADLENS_CONFIG: '/c' }, readFile: () => 'servces: {}' }),
    );
    expect(unknown.message).toMatch(/servces|Unrecognized/);
  });
});
