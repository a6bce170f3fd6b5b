import { DEPLOYMENT } from '../timeline.js';
import { counterFamily, type ExportContext, gaugeFamily, type Labels, type MetricFamily } from './family.js';

/** cAdvisor (kubelet) metrics of the service's container. */
export function cadvisor(ctx: ExportContext): MetricFamily[] {
  const { tl, app } = ctx;
  const base: Labels = {
    container: app,
    pod: ctx.dep.pod,
    namespace: 'shop',
    instance: ctx.dep.instances.cadvisor,
    job: 'kubelet',
    scenario: ctx.dep.tenant,
  };
  const row = (values: number[]) => [{ labels: base, values }];
  const periodsPerSec = 1e6 / DEPLOYMENT.cfsPeriodUs;
  // A container is only accounted in periods where it was runnable.
  const periods = tl.processCpu.map((c, i) =>
    i === 0 ? 0 : Math.round(periodsPerSec * tl.dtSec * Math.min(1, 0.3 + c)),
  );
  const throttled = periods.map((p, i) => Math.round(p * tl.throttleRatio[i]!));
  return [
    counterFamily('container_cpu_usage_seconds', 'Cumulative cpu time consumed in seconds.', [
      { labels: base, inc: tl.containerCores.map((c, i) => (i === 0 ? 0 : c * tl.dtSec)) },
    ]),
    gaugeFamily(
      'container_spec_cpu_quota',
      'CPU quota of the container.',
      row(tl.sec.map(() => DEPLOYMENT.containerCores * DEPLOYMENT.cfsPeriodUs)),
    ),
    gaugeFamily(
      'container_spec_cpu_period',
      'CPU period of the container.',
      row(tl.sec.map(() => DEPLOYMENT.cfsPeriodUs)),
    ),
    counterFamily('container_cpu_cfs_periods', 'Number of elapsed enforcement period intervals.', [
      { labels: base, inc: periods },
    ]),
    counterFamily('container_cpu_cfs_throttled_periods', 'Number of throttled period intervals.', [
      { labels: base, inc: throttled },
    ]),
    gaugeFamily(
      'container_memory_working_set_bytes',
      'Current working set in bytes.',
      row(tl.rss.map((r) => r + 40 * 1024 * 1024)),
    ),
    gaugeFamily(
      'container_spec_memory_limit_bytes',
      'Memory limit for the container.',
      row(tl.sec.map(() => DEPLOYMENT.containerMemLimitBytes)),
    ),
  ];
}
