import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../binaries.js';
import { freePort } from '../free-port.js';
import { retryOnPortClash, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

/** How Alertmanager authenticates to the webhook. */
export type WebhookAuth = { bearer: string } | { basic: { username: string; password: string } };

export interface AlertmanagerStartOptions extends StartOptions {
  /** The one receiver's webhook URL. */
  webhookUrl: string;
  auth?: WebhookAuth;
  groupBy?: string[];
  /** Short in tests: Alertmanager's defaults (30 s / 5 min) are made for production. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

/** A posted alert (the `/api/v2/alerts` body element). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerServer extends HarnessServer {
  /** Posts alerts to `/api/v2/alerts` (an `endsAt` in the past resolves them). */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
}

const q = (s: string) => JSON.stringify(s);

function configYaml(o: AlertmanagerStartOptions): string {
  const auth =
    o.auth === undefined
      ? ''
      : 'bearer' in o.auth
        ? `        http_config:\n          authorization:\n            type: Bearer\n            credentials: ${q(o.auth.bearer)}\n`
        : `        http_config:\n          basic_auth:\n            username: ${q(o.auth.basic.username)}\n            password: ${q(o.auth.basic.password)}\n`;
  return `route:
  receiver: loadlens
  group_by: [${(o.groupBy ?? ['alertname', 'service']).map(q).join(', ')}]
  group_wait: ${o.groupWait ?? '1s'}
  group_interval: ${o.groupInterval ?? '2s'}
  repeat_interval: ${o.repeatInterval ?? '1h'}
receivers:
  - name: loadlens
    webhook_configs:
      - url: ${q(o.webhookUrl)}
        send_resolved: true
        max_alerts: 0
${auth}`;
}

/**
 * Starts `prometheus-alertmanager` on a free loopback port with clustering off, a fresh
 * storage dir and one webhook receiver. Ready when `/-/ready` answers 200.
 */
export async function startAlertmanager(opts: AlertmanagerStartOptions): Promise<AlertmanagerServer> {
  const started = Date.now();
  const bin = findBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  const dir = makeTempDir('alertmanager', opts.tmpBase);
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, configYaml(opts));
  try {
    const { proc, port } = await retryOnPortClash(async () => {
      const port = await freePort();
      const proc = spawnServer({
        name: 'alertmanager',
        bin,
        // biome-ignore format: one flag per line reads better
        args: [
          `--config.file=${config}`,
          `--storage.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
          '--log.level=debug',
        ],
        logFile: join(dir, 'alertmanager.log'),
        cwd: dir,
      });
      await waitOrStop(
        proc,
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(2_000) });
          return res.status === 200;
        },
        opts.timeoutMs ?? 30_000,
      );
      return { proc, port };
    });
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      port,
      dir,
      startupMs: Date.now() - started,
      async postAlerts(alerts) {
        const res = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts),
        });
        if (!res.ok) throw new Error(`alertmanager refused alerts: ${res.status} ${await res.text()}`);
      },
      stop: async () => {
        await proc.stop();
        await removeTempDir(dir);
      },
    };
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
}
