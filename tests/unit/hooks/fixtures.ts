/*
 * Real-shaped webhook bodies: copied from the senders' documentation and from captured
 * notifications, including fields LoadLens does not read.
 */

/** Grafana unified alerting (Grafana 10/11 webhook contact point). */
export function grafanaUnified(
  over: { status?: 'firing' | 'resolved'; groupKey?: string; extra?: object } = {},
) {
  const status = over.status ?? 'firing';
  return {
    receiver: 'loadlens',
    status,
    orgId: 1,
    alerts: [
      {
        status,
        labels: {
          alertname: 'OrdersP99High',
          grafana_folder: 'Perf',
          service: 'orders',
          severity: 'critical',
        },
        annotations: { summary: 'p99 > 0.5 s', description: 'p99 latency of orders is above 500 ms' },
        startsAt: '2026-11-20T11:40:00Z',
        endsAt: status === 'resolved' ? '2026-11-20T11:55:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'https://grafana.example.com/alerting/grafana/abc/view?orgId=1',
        fingerprint: '57c6d9296de2ad39',
        silenceURL:
          'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DOrdersP99High',
        dashboardURL: 'https://grafana.example.com/d/perf?orgId=1',
        panelURL: 'https://grafana.example.com/d/perf?orgId=1&viewPanel=4',
        values: { B: 0.6234, C: 1 },
        valueString:
          "[ var='B' labels={service=orders} value=0.6234 ], [ var='C' labels={service=orders} value=1 ]",
        imageURL: 'https://grafana.example.com/public/img/abc.png',
        orgId: 1,
      },
    ],
    groupLabels: { alertname: 'OrdersP99High', grafana_folder: 'Perf' },
    commonLabels: {
      alertname: 'OrdersP99High',
      grafana_folder: 'Perf',
      service: 'orders',
      severity: 'critical',
    },
    commonAnnotations: { summary: 'p99 > 0.5 s' },
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey:
      over.groupKey ??
      '{}/{__grafana_receiver__="loadlens"}:{alertname="OrdersP99High", grafana_folder="Perf"}',
    truncatedAlerts: 0,
    title: `[${status.toUpperCase()}:1] OrdersP99High Perf (orders critical)`,
    state: status === 'firing' ? 'alerting' : 'ok',
    message: '**Firing**\n\nValue: B=0.6234, C=1\nLabels:\n - alertname = OrdersP99High\n',
    ...over.extra,
  };
}

/** Grafana legacy (dashboard) alerting. */
export function grafanaLegacy(state = 'alerting') {
  return {
    dashboardId: 1,
    evalMatches: [
      { value: 142, metric: 'rps', tags: { service: 'payments' } },
      { value: null, metric: 'rps_b', tags: null },
    ],
    imageUrl: 'https://grafana.example.com/render/d-solo/abc.png',
    message: 'RPS > 100',
    orgId: 1,
    panelId: 2,
    ruleId: 7,
    ruleName: 'Payments RPS alert',
    ruleUrl: 'https://grafana.example.com/d/abc/payments?tab=alert&viewPanel=2&orgId=1',
    state,
    tags: { service: 'payments', severity: 'warning' },
    title: `[${state === 'ok' ? 'OK' : 'Alerting'}] Payments RPS alert`,
  };
}

/** Alertmanager `version: "4"` notification. */
export function alertmanagerV4(
  over: {
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    groupKey?: string;
    instances?: string[];
  } = {},
) {
  const status = over.status ?? 'firing';
  const labels = over.labels ?? { alertname: 'HighLatency', service: 'orders', severity: 'critical' };
  const instances = over.instances ?? ['orders-1:8080'];
  return {
    receiver: 'loadlens',
    status,
    alerts: instances.map((instance, i) => ({
      status,
      labels: { ...labels, instance },
      annotations: { summary: 'p99 > 0.5 s' },
      startsAt: '2026-11-20T11:40:00.123Z',
      endsAt: status === 'resolved' ? '2026-11-20T11:58:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=histogram_quantile%280.99%2C+...%29+%3E+0.5',
      fingerprint: `f1a2b3c4d5e6f7${i}0`,
    })),
    groupLabels: { alertname: labels.alertname },
    commonLabels: instances.length === 1 ? { ...labels, instance: instances[0] } : labels,
    commonAnnotations: { summary: 'p99 > 0.5 s' },
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: over.groupKey ?? `{}:{alertname="${labels.alertname}"}`,
    truncatedAlerts: 0,
  };
}
