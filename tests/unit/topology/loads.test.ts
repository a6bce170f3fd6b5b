import { describe, expect, it } from 'vitest';
import { chooseUnscoped } from '../../../src/topology/resolve.js';
import { scopeService } from '../../../src/topology/scope.js';
import type { Topology } from '../../../src/topology/topology.types.js';
import {
  APP_ROWS,
  appTraffic,
  EXPORTER_ROWS,
  flat,
  row,
  steps,
  type TrafficSpec,
  topologyOf,
} from './world.js';

const loadOf = (topo: Topology, name: string) => topo.services.find((s) => s.name === name)?.loadTool ?? null;

/** A k6 test's request rate as the traffic query returns it. */
const k6 = (labels: Record<string, string>, profile: number[]): TrafficSpec => ({
  family: 'k6',
  labels,
  profile,
});
/** A Locust exporter (its instance says nothing of the target). */
const LOCUST = { job: 'locust', instance: '10.0.9.10:9646' };
const locust = (profile: number[]): TrafficSpec => ({ family: 'locust', labels: LOCUST, profile });
const LOCUST_ROWS = [row('locust_requests_current_rps', LOCUST), row('locust_users', LOCUST)];

describe('load attribution', () => {
  it('credits a k6 test whose testid names the service, and scopes the load domain to it', async () => {
    const orders = steps([50, 100, 150, 200]);
    const topo = await topologyOf(
      [...APP_ROWS, ...EXPORTER_ROWS],
      [...appTraffic(orders), k6({ testid: 'orders-step', job: 'k6' }, orders)],
    );
    expect(topo.loads.map((l) => [l.tool, l.id, l.selector])).toEqual([
      ['k6', 'orders-step', 'testid="orders-step"'],
    ]);
    expect(loadOf(topo, 'orders')).toEqual({
      tool: 'k6',
      id: 'orders-step',
      selector: 'testid="orders-step"',
      how: 'test_id',
    });
    expect(loadOf(topo, 'payments')).toBeNull();
    expect(loadOf(topo, 'catalog')).toBeNull();
    const plan = scopeService(topo, topo.services.find((s) => s.name === 'orders')!, { sole: false });
    expect(plan.packs.filter((p) => p.pack.domain === 'load').map((p) => [p.pack.id, p.selector])).toEqual([
      ['k6', 'testid="orders-step"'],
    ]);
    expect(plan.scope.reasons).toContain('k6 test orders-step: test id');
  });

  it('credits a k6 test by the host its URLs went to (service name or instance IP)', async () => {
    const byName = await topologyOf(APP_ROWS, [
      ...appTraffic(),
      k6({ target: 'catalog', job: 'k6' }, flat(8)),
    ]);
    expect(loadOf(byName, 'catalog')).toMatchObject({ tool: 'k6', id: 'k6', how: 'target' });
    expect(loadOf(byName, 'orders')).toBeNull();
    const byIp = await topologyOf(APP_ROWS, [
      ...appTraffic(),
      k6({ target: '10.0.1.12', job: 'k6' }, flat(20)),
    ]);
    expect(loadOf(byIp, 'payments')).toMatchObject({ tool: 'k6', how: 'target' });
    expect(byIp.loads[0]!.targets).toEqual(['10.0.1.12']);
  });

  it('credits a Locust that names no target to the service whose throughput follows it', async () => {
    const shape = steps([40, 80, 120, 160]);
    const traffic = [
      ...appTraffic(
        steps([200, 150, 100, 50]),
        shape.map((x) => x * 0.97),
      ),
      locust(shape),
    ];
    const topo = await topologyOf([...APP_ROWS, ...LOCUST_ROWS], traffic);
    const link = loadOf(topo, 'payments');
    expect(link).toMatchObject({ tool: 'locust', id: '10.0.9.10:9646', how: 'correlation' });
    expect(link?.selector).toBe('job="locust",instance="10.0.9.10:9646"');
    expect(link?.r).toBeCloseTo(1, 3);
    expect(loadOf(topo, 'orders')).toBeNull();
    expect(topo.warnings).toEqual([]);
  });

  it('does not credit a shape that follows at another order of magnitude', async () => {
    const shape = steps([40, 80, 120, 160]);
    const traffic = [
      ...appTraffic(
        flat(5),
        shape.map((x) => x * 10),
      ),
      locust(shape),
    ];
    const topo = await topologyOf([...APP_ROWS, ...LOCUST_ROWS], traffic);
    expect(loadOf(topo, 'payments')).toBeNull();
  });

  it('credits nobody, with a warning, when two services follow the shape alike', async () => {
    const shape = steps([40, 80, 120, 160]);
    const traffic = [
      ...appTraffic(
        shape,
        shape.map((x) => x * 1.01),
      ),
      locust(shape),
    ];
    const topo = await topologyOf([...APP_ROWS, ...LOCUST_ROWS], traffic);
    expect(loadOf(topo, 'orders')).toBeNull();
    expect(loadOf(topo, 'payments')).toBeNull();
    expect(topo.warnings).toHaveLength(1);
    expect(topo.warnings[0]).toMatch(
      /^load locust 10\.0\.9\.10:9646 follows both (orders|payments) and (orders|payments); credited to neither$/,
    );
    // With several services and no credited load, an unscoped report is not silently one of them.
    expect(() => chooseUnscoped(topo)).toThrow(expect.objectContaining({ code: 'SERVICE_AMBIGUOUS' }));
  });

  it('never takes a test whose URLs went to another host, even when the shape matches', async () => {
    const shape = steps([40, 80, 120, 160]);
    const traffic = [...appTraffic(shape), k6({ target: 'billing', job: 'k6' }, shape)];
    const topo = await topologyOf(APP_ROWS, traffic);
    expect(topo.services.every((s) => s.loadTool === null)).toBe(true);
    const orders = topo.services.find((s) => s.name === 'orders')!;
    const plan = scopeService(topo, orders, { sole: false });
    expect(plan.packs.filter((p) => p.pack.domain === 'load')).toEqual([]);
    expect(plan.scope.reasons).toContain('no load test in the window drove orders');
  });

  it('never takes a test whose URLs went to another host, even for the only service with traffic', async () => {
    const rows = APP_ROWS.filter((r) => r.labels.application === 'orders');
    const shape = steps([40, 80, 120, 160]);
    const traffic = [appTraffic(shape)[0]!, k6({ target: 'billing', job: 'k6' }, shape)];
    const topo = await topologyOf([...rows, row('k6_http_reqs_total', { job: 'k6' })], traffic);
    expect(topo.services.map((s) => s.name)).toEqual(['orders']);
    expect(loadOf(topo, 'orders')).toBeNull();
    const plan = scopeService(topo, topo.services[0]!, { sole: true });
    expect(plan.packs.filter((p) => p.pack.domain === 'load')).toEqual([]);
    expect(plan.scope.reasons).toContain('no load test in the window drove orders');
  });

  it('takes the load families whole for the only service when no load test names a target', async () => {
    const rows = APP_ROWS.filter((r) => r.labels.application === 'orders');
    // Locust at a rate unlike the service's: not credited, but nothing says it drives another.
    const traffic = [appTraffic(flat(30))[0]!, locust(steps([100, 300]))];
    const topo = await topologyOf([...rows, ...LOCUST_ROWS], traffic);
    expect(loadOf(topo, 'orders')).toMatchObject({ how: 'only_one' });
    const unlinked = { ...topo, services: topo.services.map((s) => ({ ...s, loadTool: null })) };
    const plan = scopeService(unlinked, unlinked.services[0]!, { sole: true });
    expect(plan.packs.filter((p) => p.pack.domain === 'load').map((p) => [p.pack.id, p.selector])).toEqual([
      ['locust', ''],
    ]);
  });

  it('never takes a test named for another service in the window by its shape', async () => {
    // catalog is driven by two k6 tests; the second is named for catalog too, and its
    // steps happen to follow orders' throughput.
    const shape = steps([40, 80, 120, 160]);
    const traffic = [
      ...appTraffic(shape, flat(20), flat(100)),
      k6({ testid: 'catalog-soak', job: 'k6' }, flat(100)),
      k6({ testid: 'catalog-spike', job: 'k6' }, shape),
    ];
    const topo = await topologyOf(APP_ROWS, traffic);
    expect(loadOf(topo, 'catalog')).toMatchObject({ id: 'catalog-soak', how: 'test_id' });
    expect(loadOf(topo, 'orders')).toBeNull();
  });

  it('credits the only load test to the only service when nothing else decides', async () => {
    const rows = APP_ROWS.filter((r) => r.labels.application === 'orders');
    const traffic = [appTraffic(flat(30))[0]!, k6({ job: 'k6' }, steps([10, 20]))];
    const topo = await topologyOf([...rows, row('k6_http_reqs_total', { job: 'k6' })], traffic);
    expect(topo.services.map((s) => s.name)).toEqual(['orders']);
    expect(loadOf(topo, 'orders')).toMatchObject({ tool: 'k6', id: 'k6', selector: '', how: 'only_one' });
  });
});
