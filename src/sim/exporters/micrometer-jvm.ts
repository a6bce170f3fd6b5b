import { DEPLOYMENT } from '../timeline.js';
import {
  counterFamily,
  cumulative,
  type ExportContext,
  firstNonZero,
  gaugeFamily,
  hideBefore,
  type Labels,
  type MetricFamily,
} from './family.js';
import { springLabels } from './micrometer-http.js';

const MiB = 1024 * 1024;

function memoryFamilies(ctx: ExportContext, base: Labels): MetricFamily[] {
  const { tl } = ctx;
  const survivor = tl.heapUsed.map(() => 16 * MiB);
  const eden = tl.heapUsed.map((u, i) => Math.max(0, u - tl.heapLive[i]! - survivor[i]!));
  const pools = [
    {
      area: 'heap',
      id: 'G1 Eden Space',
      used: eden,
      committed: tl.heapCommitted.map((c, i) => c - tl.heapLive[i]! - 16 * MiB),
      max: -1,
    },
    {
      area: 'heap',
      id: 'G1 Old Gen',
      used: tl.heapLive,
      committed: tl.heapLive.map((l) => Math.ceil(l / (32 * MiB)) * 32 * MiB),
      max: DEPLOYMENT.heapMaxBytes,
    },
    { area: 'heap', id: 'G1 Survivor Space', used: survivor, committed: survivor, max: -1 },
    { area: 'nonheap', id: 'Metaspace', used: tl.nonHeapUsed.map((v) => Math.round(v * 0.68)), max: -1 },
    {
      area: 'nonheap',
      id: 'CodeCache',
      used: tl.nonHeapUsed.map((v) => Math.round(v * 0.22)),
      max: 251_658_240,
    },
    {
      area: 'nonheap',
      id: 'Compressed Class Space',
      used: tl.nonHeapUsed.map((v) => Math.round(v * 0.1)),
      max: 1_073_741_824,
    },
  ];
  const rows = (pick: (p: (typeof pools)[number]) => number[]) =>
    pools.map((p) => ({ labels: { area: p.area, id: p.id, ...base }, values: pick(p) }));
  return [
    gaugeFamily(
      'jvm_memory_used_bytes',
      'The amount of used memory',
      rows((p) => p.used),
    ),
    gaugeFamily(
      'jvm_memory_committed_bytes',
      'The amount of memory in bytes that is committed for the Java virtual machine to use',
      rows((p) => p.committed ?? p.used.map((v) => Math.round(v * 1.05))),
    ),
    gaugeFamily(
      'jvm_memory_max_bytes',
      'The maximum amount of memory in bytes that can be used for memory management',
      rows((p) => p.used.map(() => p.max)),
    ),
  ];
}

function gcFamilies(ctx: ExportContext, base: Labels): MetricFamily[] {
  const { tl } = ctx;
  const kinds = [
    {
      action: 'end of minor GC',
      cause: 'G1 Evacuation Pause',
      gc: 'G1 Young Generation',
      count: tl.gcMinorCount,
      sec: tl.gcMinorSec,
      major: false,
    },
    {
      action: 'end of major GC',
      cause: 'G1 Compaction Pause',
      gc: 'G1 Old Generation',
      count: tl.gcMajorCount,
      sec: tl.gcMajorSec,
      major: true,
    },
  ];
  const summary: MetricFamily = {
    name: 'jvm_gc_pause_seconds',
    type: 'summary',
    help: 'Time spent in GC pause',
    series: [],
  };
  const max: MetricFamily = {
    name: 'jvm_gc_pause_seconds_max',
    type: 'gauge',
    help: 'Time spent in GC pause',
    series: [],
  };
  for (const k of kinds) {
    const labels = { action: k.action, cause: k.cause, gc: k.gc, ...base };
    // A GC kind's series appear with its first pause, as Micrometer registers them lazily.
    const first = firstNonZero(k.count);
    summary.series.push(
      {
        name: 'jvm_gc_pause_seconds_count',
        labels,
        values: hideBefore(cumulative(k.count, tl.epoch), first),
      },
      { name: 'jvm_gc_pause_seconds_sum', labels, values: hideBefore(cumulative(k.sec, tl.epoch), first) },
    );
    const perPause = k.count.map((c, i) => (c === 0 ? 0 : k.major ? k.sec[i]! / c : tl.gcMinorMaxSec[i]!));
    max.series.push({ name: max.name, labels, values: hideBefore(perPause, first) });
  }
  return [
    summary,
    max,
    gaugeFamily('jvm_gc_live_data_size_bytes', 'Size of long-lived heap memory pool after reclamation', [
      { labels: base, values: tl.heapLive },
    ]),
    gaugeFamily('jvm_gc_max_data_size_bytes', 'Max size of long-lived heap memory pool', [
      { labels: base, values: tl.heapLive.map(() => DEPLOYMENT.heapMaxBytes) },
    ]),
    counterFamily(
      'jvm_gc_memory_allocated_bytes',
      'Incremented for an increase in the size of the (young) heap memory pool after one GC to before the next',
      [{ labels: base, inc: tl.allocatedBytes }],
      tl.epoch,
    ),
    counterFamily(
      'jvm_gc_memory_promoted_bytes',
      'Count of positive increases in the size of the old generation memory pool before GC to after GC',
      [{ labels: base, inc: tl.promotedBytes }],
      tl.epoch,
    ),
  ];
}

function threadFamilies(ctx: ExportContext, base: Labels): MetricFamily[] {
  const { tl } = ctx;
  const zero = tl.threadsLive.map(() => 0);
  const states: [string, number[]][] = [
    ['runnable', tl.threadsRunnable],
    ['blocked', tl.threadsBlocked],
    ['waiting', tl.threadsWaiting],
    ['timed-waiting', tl.threadsTimedWaiting],
    ['new', zero],
    ['terminated', zero],
  ];
  return [
    gaugeFamily(
      'jvm_threads_live_threads',
      'The current number of live threads including both daemon and non-daemon threads',
      [{ labels: base, values: tl.threadsLive }],
    ),
    gaugeFamily(
      'jvm_threads_states_threads',
      'The current number of threads',
      states.map(([state, values]) => ({ labels: { state, ...base }, values })),
    ),
  ];
}

/** Start time of the JVM: an hour before the test, or the last restart. */
function startTimes(ctx: ExportContext): number[] {
  const { tl, scenario } = ctx;
  let start = scenario.startMs / 1000 - 3600;
  return tl.sec.map((sec, i) => {
    if (i > 0 && tl.epoch[i] !== tl.epoch[i - 1])
      start = (scenario.startMs + (sec - tl.dtSec / 2) * 1000) / 1000;
    return start;
  });
}

function processFamilies(ctx: ExportContext, base: Labels): MetricFamily[] {
  const { tl } = ctx;
  const start = startTimes(ctx);
  return [
    gaugeFamily('process_cpu_usage', 'The "recent cpu usage" for the Java Virtual Machine process', [
      { labels: base, values: tl.processCpu },
    ]),
    gaugeFamily('system_cpu_usage', 'The "recent cpu usage" of the system the application is running in', [
      { labels: base, values: tl.hostCpu },
    ]),
    gaugeFamily('system_cpu_count', 'The number of processors available to the Java virtual machine', [
      { labels: base, values: tl.hostCpu.map(() => DEPLOYMENT.containerCores) },
    ]),
    gaugeFamily(
      'system_load_average_1m',
      'The sum of the number of runnable entities queued to available processors',
      [{ labels: base, values: tl.load1 }],
    ),
    gaugeFamily('process_start_time_seconds', 'Start time of the process since unix epoch.', [
      { labels: base, values: start },
    ]),
    gaugeFamily('process_uptime_seconds', 'The uptime of the Java virtual machine', [
      { labels: base, values: tl.tMs.map((t, i) => t / 1000 - start[i]!) },
    ]),
    // The Prometheus JVM agent's process collector, scraped from the same target.
    gaugeFamily('process_resident_memory_bytes', 'Resident memory size in bytes.', [
      { labels: base, values: tl.rss },
    ]),
    gaugeFamily('process_open_fds', 'Number of open file descriptors.', [
      { labels: base, values: tl.openFds },
    ]),
    gaugeFamily('process_max_fds', 'Maximum number of open file descriptors.', [
      { labels: base, values: tl.openFds.map(() => DEPLOYMENT.maxFds) },
    ]),
    counterFamily(
      'process_cpu_seconds',
      'Total user and system CPU time spent in seconds.',
      [{ labels: base, inc: tl.containerCores.map((c, i) => (i === 0 ? 0 : c * tl.dtSec)) }],
      tl.epoch,
    ),
  ];
}

/** Micrometer's JVM, system and process families (plus the JVM agent's `process_*`). */
export function micrometerJvm(ctx: ExportContext): MetricFamily[] {
  const base = springLabels(ctx);
  return [
    ...memoryFamilies(ctx, base),
    ...gcFamilies(ctx, base),
    ...threadFamilies(ctx, base),
    ...processFamilies(ctx, base),
  ];
}
