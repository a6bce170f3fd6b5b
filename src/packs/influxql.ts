/**
 * InfluxQL builders for the load-tool packs. `$timeFilter` and `$interval` are left as
 * placeholders: the Influx client substitutes the window and the step it actually uses.
 */

/** A single-quoted InfluxQL string literal. */
export function influxString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A double-quoted InfluxQL identifier. */
export function influxIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Tag equality conditions joined with AND, e.g. `"transaction" = 'all'`. */
export function tagConditions(tags: Record<string, string | undefined>): string[] {
  return Object.entries(tags)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${influxIdent(k)} = ${influxString(v)}`);
}

/**
 * `SELECT <fields> FROM "<measurement>" WHERE <conditions> AND $timeFilter
 * GROUP BY time($interval) fill(none)`.
 */
export function influxSelect(fields: string, measurement: string, conditions: string[] = []): string {
  const where = [...conditions, '$timeFilter'].join(' AND ');
  return `SELECT ${fields} FROM ${influxIdent(measurement)} WHERE ${where} GROUP BY time($interval) fill(none)`;
}
