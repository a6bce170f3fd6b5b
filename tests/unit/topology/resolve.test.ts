import { describe, expect, it } from 'vitest';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';
import {
  chooseUnscoped,
  listServices,
  resolveByAlertLabels,
  resolveByName,
} from '../../../src/topology/resolve.js';
import type { Topology } from '../../../src/topology/topology.types.js';
import { APP_ROWS, appTraffic, EXPORTER_ROWS, flat, row, steps, topologyOf } from './world.js';

function thrown(fn: () => unknown): LoadLensError {
  try {
    fn();
  } catch (err) {
    if (isLoadLensError(err)) return err;
    throw err;
  }
  throw new Error('did not throw');
}

/** The shop with orders under its k6 test and the two others on background traffic. */
async function shop(): Promise<Topology> {
  const orders = steps([50, 100, 150, 200]);
  return topologyOf(
    [...APP_ROWS, ...EXPORTER_ROWS],
    [...appTraffic(orders), { family: 'k6', labels: { testid: 'orders-step', job: 'k6' }, profile: orders }],
  );
}

describe('resolving a service by name', () => {
  it('finds a service by its naming label or by an alias label on its series', async () => {
    const topo = await shop();
    expect(resolveByName(topo, 'payments')).toMatchObject({ reasons: [], sole: false });
    expect(resolveByName(topo, 'payments').service.label).toBe('job');
    const byAlias = topologyOf(
      [row('http_server_requests_seconds_count', { application: 'orders', service: 'orders-api' })],
      [
        {
          family: 'http_server_requests_seconds_count',
          labels: { application: 'orders', service: 'orders-api' },
          profile: flat(10),
        },
      ],
    );
    const choice = resolveByName(await byAlias, 'orders-api');
    expect(choice.service.name).toBe('orders');
    expect(choice.reasons).toEqual(['orders-api is application="orders"\'s service']);
    expect(choice.sole).toBe(true);
  });

  it('a name found nowhere is an error listing the services with traffic in the window', async () => {
    const topo = await shop();
    const err = thrown(() => resolveByName(topo, 'shipping'));
    expect(err.code).toBe('UNKNOWN_SERVICE');
    expect(err.message).toBe(
      'no service named shipping had traffic between 2030-01-01 10:00 UTC and 2030-01-01 10:40 UTC; services with traffic: orders, payments, catalog',
    );
    expect(err.details.service).toBe('shipping');
    expect(err.details.known).toBe('orders, payments, catalog');
    // Means over the 41-point grid: orders (50·9 + 100·9 + 150·9 + 200·10) / 41 = 114.6.
    expect(err.details.services).toBe('orders (115 rps), payments (20 rps), catalog (8.0 rps)');
  });

  it('an empty window says so', async () => {
    const topo = await topologyOf(EXPORTER_ROWS, []);
    expect(thrown(() => resolveByName(topo, 'orders')).message).toMatch(/services with traffic: none$/);
    expect(chooseUnscoped(topo)).toBeUndefined();
  });
});

describe('unscoped reports', () => {
  it('one service with traffic: that one, and unmatched domains may be taken whole', async () => {
    const topo = await topologyOf(APP_ROWS, appTraffic(flat(30), flat(0), flat(0)));
    const choice = chooseUnscoped(topo);
    expect(choice?.service.name).toBe('orders');
    expect(choice?.reasons).toEqual(['the only service with traffic']);
    expect(choice?.sole).toBe(true);
  });

  it('several services, one under load: that one, not sole', async () => {
    const choice = chooseUnscoped(await shop());
    expect(choice?.service.name).toBe('orders');
    expect(choice?.reasons).toEqual(['the only service driven by a load test (k6 orders-step)']);
    expect(choice?.sole).toBe(false);
  });

  it('several services under load: never mixed, SERVICE_AMBIGUOUS with the list', async () => {
    const orders = steps([50, 100, 150, 200]);
    const catalog = steps([200, 100, 300, 20]);
    const topo = await topologyOf(
      [...APP_ROWS, ...EXPORTER_ROWS],
      [
        ...appTraffic(orders, flat(20), catalog),
        { family: 'k6', labels: { testid: 'orders-step', job: 'k6' }, profile: orders },
        { family: 'k6', labels: { testid: 'catalog-spike', job: 'k6' }, profile: catalog },
      ],
    );
    expect(topo.services.filter((s) => s.loadTool).map((s) => s.name)).toEqual(['catalog', 'orders']);
    const err = thrown(() => chooseUnscoped(topo));
    expect(err.code).toBe('SERVICE_AMBIGUOUS');
    expect(err.message).toBe(
      `2 services were under load between 2030-01-01 10:00 UTC and 2030-01-01 10:40 UTC; name one: ${listServices(topo)}`,
    );
    // catalog (200·9 + 100·9 + 300·9 + 20·10) / 41 = 136.6.
    expect(listServices(topo)).toBe('catalog (137 rps), orders (115 rps), payments (20 rps)');
    expect(String(err.details.table)).toContain('k6 catalog-spike (test id)');
  });

  it('no load test but one service carries nearly all traffic: that one', async () => {
    const topo = await topologyOf(APP_ROWS, appTraffic(flat(300), flat(10), flat(5)));
    expect(chooseUnscoped(topo)?.reasons).toEqual(['carries over 90 % of the traffic in the window']);
  });
});

describe('alerts without a service label', () => {
  it('picks the service whose series carry the alert’s job, instance host, container or pod', async () => {
    const topo = await shop();
    expect(resolveByAlertLabels(topo, { job: 'payments', alertname: 'HighLatency' })?.service.name).toBe(
      'payments',
    );
    // node-exporter's port on the service's host: the host decides.
    expect(resolveByAlertLabels(topo, { instance: '10.0.1.13:9100' })?.service.name).toBe('catalog');
    expect(
      resolveByAlertLabels(topo, { pod: 'orders-7d9f8c6b5-x2k4q', namespace: 'shop' })?.service.name,
    ).toBe('orders');
    const choice = resolveByAlertLabels(topo, { job: 'payments', instance: '10.0.1.12:8000' });
    expect(choice?.reasons).toEqual(["matched the alert's labels"]);
    expect(choice?.sole).toBe(false);
  });

  it('an alert matching none of them picks nothing', async () => {
    const topo = await shop();
    expect(resolveByAlertLabels(topo, { alertname: 'DiskFull', instance: '10.0.1.99:9100' })).toBeUndefined();
    expect(resolveByAlertLabels(topo, {})).toBeUndefined();
  });
});
