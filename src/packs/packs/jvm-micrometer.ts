import { catalogued, extra } from '../panel.js';
import { aggGauge, sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'micrometer';

/** JVM metrics as Micrometer names them (Spring Boot actuator). */
export const jvmMicrometerPack: Pack = {
  id: ID,
  domain: 'jvm',
  source: 'prom',
  detect: (names) => names.has('jvm_memory_used_bytes'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [
      catalogued('jvm', 'heap_used', ID, {
        promql: aggGauge(ctx, 'sum', 'jvm_memory_used_bytes', 'area="heap"'),
      }),
    ];
    if (has('jvm_memory_max_bytes')) {
      // Pools without a limit report -1 and would shrink the sum.
      const max = `sum(${withSelector('jvm_memory_max_bytes', ctx.selector, 'area="heap"')} >= 0)`;
      out.push(catalogued('jvm', 'heap_max', ID, { promql: max }));
    }
    if (has('jvm_gc_pause_seconds_sum')) {
      out.push(catalogued('jvm', 'gc_pause_share', ID, { promql: sumRate(ctx, 'jvm_gc_pause_seconds_sum') }));
    }
    if (has('jvm_gc_pause_seconds_max')) {
      out.push(
        catalogued('jvm', 'gc_pause_max', ID, { promql: aggGauge(ctx, 'max', 'jvm_gc_pause_seconds_max') }),
      );
    }
    if (has('jvm_threads_live_threads')) {
      out.push(
        catalogued('jvm', 'threads', ID, { promql: aggGauge(ctx, 'sum', 'jvm_threads_live_threads') }),
      );
    }
    if (has('process_cpu_usage')) {
      out.push(catalogued('jvm', 'process_cpu', ID, { promql: aggGauge(ctx, 'max', 'process_cpu_usage') }));
    }
    if (ctx.names?.has('jvm_gc_live_data_size_bytes')) {
      // Old-generation size after the last major GC: rising through a soak means a leak.
      out.push(
        extra(
          'jvm',
          'heap_after_gc',
          ID,
          { title: 'Heap live data after GC', unit: 'bytes' },
          { promql: aggGauge(ctx, 'sum', 'jvm_gc_live_data_size_bytes') },
        ),
      );
    }
    return out;
  },
};
