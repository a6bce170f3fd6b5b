import { catalogued } from '../panel.js';
import { sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'node_exporter';

/** Loopback and virtual interfaces carry no client traffic. */
const REAL_NICS = 'device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*"';

/** Host metrics from node_exporter. */
export const nodeExporterPack: Pack = {
  id: ID,
  domain: 'infra',
  source: 'prom',
  detect: (names) => names.has('node_cpu_seconds_total'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const sel = (m: string, x?: string) => withSelector(m, ctx.selector, x);
    const out: PanelQuery[] = [
      catalogued('infra', 'cpu', ID, {
        promql: `1 - avg(rate(${sel('node_cpu_seconds_total', 'mode="idle"')}[${ctx.rateWindow}]))`,
      }),
    ];
    if (has('node_memory_MemTotal_bytes') && has('node_memory_MemAvailable_bytes')) {
      out.push(
        catalogued('infra', 'memory_used', ID, {
          promql: `sum(${sel('node_memory_MemTotal_bytes')} - ${sel('node_memory_MemAvailable_bytes')})`,
        }),
      );
    }
    if (has('node_disk_io_time_seconds_total')) {
      // The busiest device: one saturated disk is the finding, not the average.
      out.push(
        catalogued('infra', 'disk_io', ID, {
          promql: `max(rate(${sel('node_disk_io_time_seconds_total')}[${ctx.rateWindow}]))`,
        }),
      );
    }
    if (has('node_network_receive_bytes_total')) {
      out.push(
        catalogued('infra', 'net_rx', ID, {
          promql: sumRate(ctx, 'node_network_receive_bytes_total', REAL_NICS),
        }),
      );
    }
    if (has('node_network_transmit_bytes_total')) {
      out.push(
        catalogued('infra', 'net_tx', ID, {
          promql: sumRate(ctx, 'node_network_transmit_bytes_total', REAL_NICS),
        }),
      );
    }
    return out;
  },
};
