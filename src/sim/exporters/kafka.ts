import { type ExportContext, gaugeFamily, type Labels, type MetricFamily } from './family.js';

/**
 * kafka_exporter: offsets and lag of the service's topic and its consumer group, plus the
 * internal `__consumer_offsets` topic that an analysis must ignore (when the deployment
 * owns it: one exporter lists it once).
 */
export function kafkaExporter(ctx: ExportContext): MetricFamily[] {
  const { tl } = ctx;
  const { group: GROUP, topic: TOPIC, internalTopic } = ctx.dep.kafka;
  const base: Labels = {
    instance: ctx.dep.instances.kafka_exporter,
    job: 'kafka-exporter',
    scenario: ctx.dep.tenant,
  };
  const parts = [...Array(tl.kafkaPartitions).keys()];
  const groupRow = (p: number, values: number[]) => ({
    labels: { consumergroup: GROUP, partition: String(p), topic: TOPIC, ...base },
    values,
  });
  const lag = parts.map((p) => tl.kafkaLogEnd[p]!.map((end, i) => end - tl.kafkaCommitted[p]![i]!));
  const lagSum = tl.sec.map((_, i) => lag.reduce((a, l) => a + l[i]!, 0));
  // Offset commits of all groups land in one partition of the internal topic.
  const commits = tl.sec.map((_, i) => 412_000 + i * 4 * (tl.dtSec / 5));
  return [
    gaugeFamily(
      'kafka_consumergroup_lag',
      'Current Approximate Lag of a ConsumerGroup at Topic/Partition',
      parts.map((p) => groupRow(p, lag[p]!)),
    ),
    gaugeFamily(
      'kafka_consumergroup_lag_sum',
      'Current Approximate Lag of a ConsumerGroup at Topic for all partitions',
      [{ labels: { consumergroup: GROUP, topic: TOPIC, ...base }, values: lagSum }],
    ),
    gaugeFamily(
      'kafka_consumergroup_current_offset',
      'Current Offset of a ConsumerGroup at Topic/Partition',
      parts.map((p) => groupRow(p, tl.kafkaCommitted[p]!)),
    ),
    gaugeFamily('kafka_topic_partition_current_offset', 'Current Offset of a Broker at Topic/Partition', [
      ...parts.map((p) => ({
        labels: { partition: String(p), topic: TOPIC, ...base },
        values: tl.kafkaLogEnd[p]!,
      })),
      ...(internalTopic
        ? [{ labels: { partition: '17', topic: '__consumer_offsets', ...base }, values: commits }]
        : []),
    ]),
  ];
}
