import { describe, expect, it } from 'vitest';
import { parseHeySummary } from '../../lab/drivers/hey.js';
import { parsePgbenchSummary, parseTransactionLog } from '../../lab/drivers/pgbench.js';
import { toOpenMetrics } from '../../lab/raw-samples.js';

/** Outputs copied from hey 0.1.4 and pgbench 15 (Debian 12). */
const HEY_OK = `
Summary:
  Total:	1.0014 secs
  Requests/sec:	683.0409

Response time histogram:
  0.001 [1]	|
  0.003 [403]	|■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■

Latency distribution:
  10% in 0.0013 secs
  50% in 0.0025 secs
  95% in 0.0054 secs
  99% in 0.0102 secs

Status code distribution:
  [200]	684 responses
  [503]	6 responses
`;

const HEY_REFUSED = `
Summary:
  Requests/sec:	7985.1

Status code distribution:

Error distribution:
  [7986]	Get "http://127.0.0.1:18932/": dial tcp 127.0.0.1:18932: connect: connection refused
`;

const PGBENCH = `pgbench (15.18 (Debian 15.18-0+deb12u1))
number of transactions actually processed: 1965
number of failed transactions: 0 (0.000%)
latency average = 2.029 ms
tps = 982.227923 (without initial connection time)
`;

describe('lab drivers read the tools as they print', () => {
  it('hey: rps, percentiles in ms, non-2xx and transport errors', () => {
    const ok = parseHeySummary(HEY_OK);
    expect(ok).toMatchObject({ requests: 690, rps: 683.0409, errors: 6 });
    expect(ok.p50Ms).toBeCloseTo(2.5, 6);
    expect(ok.p95Ms).toBeCloseTo(5.4, 6);
    expect(ok.p99Ms).toBeCloseTo(10.2, 6);
    const refused = parseHeySummary(HEY_REFUSED);
    expect(refused.errors).toBe(7986);
    expect(refused.p95Ms).toBeNull();
  });

  it('pgbench: processed, failed and tps; the per-transaction log in ms', () => {
    expect(parsePgbenchSummary(PGBENCH)).toEqual({ processed: 1965, failed: 0, tps: 982.227923 });
    expect(parseTransactionLog('0 75 1042 0 1796191314 685213\n1 88 1194 0 1796191314 681507\n')).toEqual([
      1.042, 1.194,
    ]);
    expect(() => parsePgbenchSummary('pgbench: error: connection refused')).toThrow(/actually processed/);
  });

  it('raw samples become backfillable OpenMetrics: one family together, escaped, ending in # EOF', () => {
    const text = toOpenMetrics([
      { metric: { __name__: 'up', job: 'b' }, values: [[10, '1']] },
      {
        metric: { __name__: 'a_total', job: 'x"y' },
        values: [
          [10, '1'],
          [11, '2'],
        ],
      },
      { metric: { __name__: 'up', job: 'a' }, values: [[10, '0']] },
    ]);
    expect(text).toBe(
      'a_total{job="x\\"y"} 1 10\na_total{job="x\\"y"} 2 11\nup{job="a"} 0 10\nup{job="b"} 1 10\n# EOF\n',
    );
  });
});
