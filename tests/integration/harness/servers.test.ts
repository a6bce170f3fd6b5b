import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('harness servers', () => {
  it('PostgreSQL answers select 1', async () => {
    const client = new pg.Client({ connectionString: inject('pgUrl') });
    await client.connect();
    try {
      const res = await client.query<{ one: number; version: string }>(
        'select 1 as one, version() as version',
      );
      expect(res.rows[0]?.one).toBe(1);
      expect(res.rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
  });

  it('Redis answers PING', async () => {
    const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('Prometheus is ready', async () => {
    const res = await fetch(`${inject('promUrl')}/-/ready`);
    expect(res.status).toBe(200);
  });

  it('InfluxDB holds JMeter and k6 points inside a scenario window', async () => {
    const truth = inject('scenarios').step_none;
    expect(truth).toBeDefined();
    const from = `${truth!.startMs}ms`;
    const to = `${truth!.endMs}ms`;
    const q = ['jmeter', 'http_reqs']
      .map((m) => `SELECT count(*) FROM "${m}" WHERE time >= ${from} AND time <= ${to}`)
      .join('; ');
    const url = `${inject('influxUrl')}/query?db=${inject('influxDb')}&q=${encodeURIComponent(q)}`;
    const body = (await (await fetch(url)).json()) as {
      results: { series?: { name: string; columns: string[]; values: unknown[][] }[] }[];
    };
    for (const [i, name] of ['jmeter', 'http_reqs'].entries()) {
      const series = body.results[i]?.series?.[0];
      expect(series?.name, `${name} has points in step_none's window`).toBe(name);
      const counts = (series?.values[0] ?? []).slice(1).map(Number);
      expect(Math.max(...counts)).toBeGreaterThan(0);
    }
  });
});
