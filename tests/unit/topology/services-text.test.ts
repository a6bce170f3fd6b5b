import { describe, expect, it } from 'vitest';
import { scopeService } from '../../../src/topology/scope.js';
import { scopeLine, servicesJson, servicesTable } from '../../../src/topology/services-text.js';
import { APP_ROWS, appTraffic, EXPORTER_ROWS, steps, topologyOf } from './world.js';

async function shop() {
  const orders = steps([50, 100, 150, 200]);
  return topologyOf(
    [...APP_ROWS, ...EXPORTER_ROWS],
    [...appTraffic(orders), { family: 'k6', labels: { testid: 'orders-step', job: 'k6' }, profile: orders }],
  );
}

describe('services and scope as text', () => {
  it('the inventory JSON lists services and load tools, without internal profiles', async () => {
    const json = servicesJson(await shop());
    expect(json.window).toEqual({ from: '2030-01-01T10:00:00.000Z', to: '2030-01-01T10:40:00.000Z' });
    expect(json.services.map((s) => [s.name, s.rps, s.stacks])).toEqual([
      ['orders', 114.6, ['micrometer', 'jvm', 'hikaricp']],
      ['payments', 20, ['fastapi']],
      ['catalog', 8, ['express', 'prom-client']],
    ]);
    expect(JSON.stringify(json)).not.toContain('profile');
    expect(json.loadTools).toEqual([
      { tool: 'k6', id: 'orders-step', rps: 114.6, targets: [], drives: 'orders' },
    ]);
  });

  it('the table has one line per service, busiest first, in English and Russian', async () => {
    const topo = await shop();
    const en = servicesTable(topo.services).split('\n');
    expect(en).toHaveLength(4);
    expect(en[0]).toMatch(/^service\s+label\s+rps\s+stacks\s+hosts\s+load test$/);
    expect(en[1]).toMatch(
      /^orders\s+application\s+114\.6\s+micrometer,jvm,hikaricp\s+10\.0\.1\.11\s+k6 orders-step \(test id\)$/,
    );
    expect(en[3]).toMatch(/^catalog\s+job\s+8\.0\s+express,prom-client\s+10\.0\.1\.13\s+—$/);
    const ru = servicesTable(topo.services, 'ru').split('\n');
    expect(ru[0]).toMatch(/^сервис\s+метка/);
    expect(ru[1]).toContain('k6 orders-step (по id теста)');
  });

  it('the scope in one line names the app label, host, container, database, group and test', async () => {
    const topo = await shop();
    const plan = scopeService(topo, topo.services[0]!, { sole: false });
    expect(scopeLine(plan.scope, 'en')).toBe(
      'orders: app application="orders", host 10.0.1.11, container orders, db orders, consumer group orders-consumer, k6 test orders-step',
    );
    expect(scopeLine(plan.scope, 'ru')).toBe(
      'orders: приложение application="orders", хост 10.0.1.11, контейнер orders, БД orders, группа потребителей orders-consumer, k6 тест orders-step',
    );
  });
});
