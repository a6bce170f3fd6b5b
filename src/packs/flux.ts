/**
 * Flux builders for the InfluxDB 2.x variants of the load-tool packs. `$bucket`, `$from`,
 * `$to` and `$interval` are placeholders the Flux client fills in.
 */

/** A double-quoted Flux string literal. */
export function fluxString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** How a window of raw points becomes one value. */
export type FluxAggregate = 'sum' | 'mean' | 'max' | { quantile: number };

function aggregateFn(a: FluxAggregate): string {
  if (typeof a === 'string') return a;
  return `(column, tables=<-) => tables |> quantile(q: ${a.quantile}, column: column)`;
}

function source(measurement: string, fields: string[], tags: Record<string, string | undefined>): string[] {
  const fieldTest = fields.map((f) => `r._field == ${fluxString(f)}`).join(' or ');
  const tagTests = Object.entries(tags)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` and r[${fluxString(k)}] == ${fluxString(v)}`)
    .join('');
  return [
    'from(bucket: "$bucket")',
    '  |> range(start: $from, stop: $to)',
    `  |> filter(fn: (r) => r._measurement == ${fluxString(measurement)} and (${fieldTest})${tagTests})`,
  ];
}

/** One field of a measurement, merged over tag sets and aggregated per `$interval`; optionally divided. */
export function fluxSeries(o: {
  measurement: string;
  field: string;
  tags?: Record<string, string | undefined>;
  aggregate: FluxAggregate;
  divideBy?: number;
}): string {
  const lines = [
    ...source(o.measurement, [o.field], o.tags ?? {}),
    '  |> group()',
    `  |> aggregateWindow(every: $interval, fn: ${aggregateFn(o.aggregate)}, createEmpty: false)`,
  ];
  if (o.divideBy !== undefined) {
    lines.push(`  |> map(fn: (r) => ({ r with _value: float(v: r._value) / ${o.divideBy.toFixed(1)} }))`);
  }
  return lines.join('\n');
}

/** `sum(numerator) / sum(denominator)` per `$interval`, both fields of one measurement. */
export function fluxRatio(o: {
  measurement: string;
  numerator: string;
  denominator: string;
  tags?: Record<string, string | undefined>;
}): string {
  const num = `r[${fluxString(o.numerator)}]`;
  const den = `r[${fluxString(o.denominator)}]`;
  return [
    ...source(o.measurement, [o.numerator, o.denominator], o.tags ?? {}),
    '  |> group(columns: ["_field"])',
    '  |> aggregateWindow(every: $interval, fn: sum, createEmpty: false)',
    '  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")',
    `  |> map(fn: (r) => ({ _time: r._time, _value: float(v: ${num}) / float(v: ${den}) }))`,
  ].join('\n');
}
