/**
 * Series naming, Grafana-style: a legend template such as `{{instance}} {{uri}}` is filled
 * from the series labels; without one the name is `metric{a="b",…}`, or — when several
 * series of one query differ in a single label — just that label's value.
 */

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Labels that only add noise to a default name. */
const HIDDEN = new Set(['__name__']);

/** Templates meaning "no template" in Grafana dashboards. */
const AUTO = new Set(['', '__auto', '{{__auto}}']);

function isTemplate(template: string | undefined): template is string {
  return template !== undefined && !AUTO.has(template.trim());
}

/** Fills `{{label}}` placeholders (missing labels become empty), or builds the default name. */
export function formatLegend(template: string | undefined, labels: Record<string, string>): string {
  if (isTemplate(template)) {
    return template.replace(PLACEHOLDER, (_, key: string) => labels[key] ?? '').trim();
  }
  return defaultName(labels);
}

/** `metric{a="b",c="d"}` with labels sorted and `__name__` left out of the braces. */
export function defaultName(labels: Record<string, string>): string {
  const name = labels.__name__ ?? '';
  const pairs = Object.keys(labels)
    .filter((k) => !HIDDEN.has(k))
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  if (pairs.length === 0) return name;
  return `${name}{${pairs.join(',')}}`;
}

/**
 * Names for all series of one query. With a template, each name is the filled template.
 * Without one, when the label sets differ in exactly one label (the metric name counts as
 * one), that label's value names each series; otherwise the full default name is used.
 */
export function legendsFor(template: string | undefined, labelSets: Array<Record<string, string>>): string[] {
  if (isTemplate(template)) return labelSets.map((labels) => formatLegend(template, labels));
  if (labelSets.length < 2) return labelSets.map(defaultName);
  const varying = distinguishingLabels(labelSets);
  if (varying.length === 1) {
    const key = varying[0]!;
    const names = labelSets.map((labels) => labels[key] ?? '');
    // Fall back when a value is missing, or two series would share a name.
    if (names.every((n) => n !== '') && new Set(names).size === names.length) return names;
  }
  return labelSets.map(defaultName);
}

/** Label keys whose values are not the same across all the label sets. */
export function distinguishingLabels(labelSets: Array<Record<string, string>>): string[] {
  const keys = new Set<string>();
  for (const labels of labelSets) for (const k of Object.keys(labels)) keys.add(k);
  const out: string[] = [];
  for (const k of [...keys].sort()) {
    const first = labelSets[0]?.[k];
    if (labelSets.some((labels) => labels[k] !== first)) out.push(k);
  }
  return out;
}
