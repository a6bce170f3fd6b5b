import type { ChatServices } from '../../../src/chat/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import {
  createAlertHooks,
  type HooksOptions,
  hooksOptionsFromConfig,
} from '../../../src/hooks/hooks-feature.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue, type JobQueue } from '../../../src/pipeline/queue/queue.js';
import type { Store } from '../../../src/store/store.js';
import { createHttpServer } from '../../../src/web/http-server.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';

export const NOW = Date.parse('2026-11-20T12:00:00Z');

/** A Store that records every call and does nothing: the webhook handlers must not touch it. */
export function spyStore(): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy({} as Store, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      calls.push(String(prop));
      return new Proxy(() => Promise.resolve(null), {
        get(_f, inner) {
          calls.push(`${String(prop)}.${String(inner)}`);
          return async () => null;
        },
      });
    },
  });
  return { store, calls };
}

/** Loads a config from env values and an optional YAML file body. */
export function testConfig(env: Record<string, string> = {}, yaml?: string) {
  return loadConfig({
    env: { LOCALE: 'en', ...(yaml ? { LOADLENS_CONFIG: '/cfg.yml' } : {}), ...env },
    readFile: (p) => {
      if (p === '/cfg.yml' && yaml) return yaml;
      throw new Error(`ENOENT ${p}`);
    },
  });
}

export interface HookServerOptions {
  env?: Record<string, string>;
  yaml?: string;
  hooks?: Partial<HooksOptions>;
  /** Wraps the queue's add (to slow it down or make it fail). */
  add?: (inner: JobQueue<JobMap>['add']) => JobQueue<JobMap>['add'];
}

/**
 * The alert webhook routes on a real HTTP server over 127.0.0.1, with a spy store, the
 * in-process queue (no worker: jobs stay queued) and a recording gateway.
 */
export async function startHookServer(o: HookServerOptions = {}) {
  const config = testConfig({ ALERT_CHATS: 'telegram:-100', ...o.env }, o.yaml);
  const clock = fixedClock(NOW);
  const queue = await createQueue<JobMap>({ schemas: JOB_SCHEMAS, logger: silentLogger, clock });
  const adds: Array<{ kind: string; payload: unknown; jobId: string }> = [];
  const realAdd = queue.add.bind(queue);
  const add: JobQueue<JobMap>['add'] = async (kind, payload, opts) => {
    adds.push({ kind, payload, jobId: opts.jobId });
    return realAdd(kind, payload, opts);
  };
  const spied: JobQueue<JobMap> = { ...queue, add: o.add ? o.add(add) : add };
  const { store, calls } = spyStore();
  const tg = recordingGateway('telegram');
  const services: ChatServices = {
    config,
    store,
    queue: spied,
    logger: silentLogger,
    clock,
    gateways: { telegram: tg.gateway },
    links: createLinkBuilder(undefined, undefined),
    sources: {},
  };
  const hooks = createAlertHooks(services, { ...hooksOptionsFromConfig(config), ...o.hooks });
  const http = createHttpServer({ logger: silentLogger, routes: hooks.routes });
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    services,
    queue,
    hooks,
    clock,
    adds,
    storeCalls: calls,
    tg,
    async post(path: string, body: unknown, headers: Record<string, string> = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      });
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
      return { status: res.status, headers: res.headers, json };
    },
    async close() {
      await http.close();
      await queue.close();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (user: string, pass: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
});
