import { catalogued } from '../panel.js';
import { sumRate } from '../promql.js';
import { withSelector } from '../selector.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'kafka_exporter';

/** Internal topics (`__consumer_offsets`, …) are not the application's backlog. */
const USER_TOPICS = 'topic!~"__.*"';

/**
 * danielqsj/kafka_exporter. Lag stays one series per (consumer group, topic) — the
 * analysis sums or maxes them; rates come from the offsets' growth.
 */
export const kafkaExporterPack: Pack = {
  id: ID,
  domain: 'kafka',
  source: 'prom',
  detect: (names) => names.has('kafka_consumergroup_lag'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const lag = withSelector('kafka_consumergroup_lag', ctx.selector, USER_TOPICS);
    const out: PanelQuery[] = [
      catalogued('kafka', 'lag', ID, {
        promql: `sum by (consumergroup, topic) (${lag})`,
        legend: '{{consumergroup}} {{topic}}',
      }),
    ];
    if (has('kafka_consumergroup_current_offset')) {
      out.push(
        catalogued('kafka', 'consume_rate', ID, {
          promql: sumRate(ctx, 'kafka_consumergroup_current_offset', USER_TOPICS),
        }),
      );
    }
    if (has('kafka_topic_partition_current_offset')) {
      out.push(
        catalogued('kafka', 'produce_rate', ID, {
          promql: sumRate(ctx, 'kafka_topic_partition_current_offset', USER_TOPICS),
        }),
      );
    }
    return out;
  },
};
