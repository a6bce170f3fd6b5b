import { clamp } from '../model.js';
import { gaussian } from '../prng.js';
import { DEPLOYMENT } from '../timeline.js';
import { counterFamily, type ExportContext, gaugeFamily, type Labels, type MetricFamily } from './family.js';

/** node-exporter on the host running the service (2 CPUs). */
export function nodeExporter(ctx: ExportContext): MetricFamily[] {
  const { tl, rng } = ctx;
  const base: Labels = { instance: ctx.dep.instances.node_exporter, job: 'node', scenario: ctx.dep.tenant };
  const cpus = DEPLOYMENT.hostCpus;
  // Busy cores split unevenly between CPUs; each CPU's modes add up to the interval length.
  const modes: Record<string, number[][]> = { idle: [], user: [], system: [], iowait: [] };
  for (let c = 0; c < cpus; c++)
    for (const m of Object.keys(modes)) modes[m]!.push(new Array<number>(tl.n).fill(0));
  for (let i = 1; i < tl.n; i++) {
    const busyTotal = tl.hostCpu[i]! * cpus;
    let left = busyTotal;
    for (let c = 0; c < cpus; c++) {
      const busy =
        c === cpus - 1 ? clamp(left, 0, 1) : clamp((busyTotal / cpus) * (1 + 0.05 * gaussian(rng)), 0, 1);
      left -= busy;
      const iowait = Math.min(1 - busy, (0.3 * tl.diskBusySec[i]!) / tl.dtSec);
      const dt = tl.dtSec;
      modes.user![c]![i] = busy * 0.76 * dt;
      modes.system![c]![i] = busy * 0.24 * dt;
      modes.iowait![c]![i] = iowait * dt;
      modes.idle![c]![i] = Math.max(0, 1 - busy - iowait) * dt;
    }
  }
  const cpuRows = [];
  for (let c = 0; c < cpus; c++) {
    for (const [mode, perCpu] of Object.entries(modes)) {
      cpuRows.push({ labels: { cpu: String(c), mode, ...base }, inc: perCpu[c]! });
    }
  }
  const memTotal = DEPLOYMENT.hostMemBytes;
  const available = tl.rss.map((r) =>
    Math.round(memTotal - r - 1.3 * 1024 ** 3 * (1 + 0.01 * gaussian(rng))),
  );
  // Loopback carries the node's own scrapes and sidecar traffic: small and flat.
  const lo = tl.requests.map((_, i) => (i === 0 ? 0 : 4000 * tl.dtSec));
  return [
    counterFamily('node_cpu_seconds', 'Seconds the CPUs spent in each mode.', cpuRows),
    gaugeFamily('node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.', [
      { labels: base, values: tl.rss.map(() => memTotal) },
    ]),
    gaugeFamily('node_memory_MemAvailable_bytes', 'Memory information field MemAvailable_bytes.', [
      { labels: base, values: available },
    ]),
    counterFamily('node_disk_io_time_seconds', 'Total seconds spent doing I/Os.', [
      { labels: { device: 'sda', ...base }, inc: tl.diskBusySec },
    ]),
    counterFamily('node_network_receive_bytes', 'Network device statistic receive_bytes.', [
      { labels: { device: 'eth0', ...base }, inc: tl.netRxBytes },
      { labels: { device: 'lo', ...base }, inc: lo },
    ]),
    counterFamily('node_network_transmit_bytes', 'Network device statistic transmit_bytes.', [
      { labels: { device: 'eth0', ...base }, inc: tl.netTxBytes },
      { labels: { device: 'lo', ...base }, inc: lo },
    ]),
    gaugeFamily('node_load1', '1m load average.', [{ labels: base, values: tl.load1 }]),
  ];
}
