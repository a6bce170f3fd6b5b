/** The host of an `instance` label: `10.0.1.11:8080` → `10.0.1.11`, `[::1]:9100` → `::1`. */
export function hostOf(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1]!;
  const i = instance.lastIndexOf(':');
  return i > 0 && /^\d+$/.test(instance.slice(i + 1)) ? instance.slice(0, i) : instance;
}

/** Escapes a literal for a PromQL regex matcher (RE2 inside a double-quoted string). */
export function promRegexLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&').replace(/"/g, '\\"');
}

/** Escapes a literal for a PromQL `="..."` matcher. */
export function promString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** `label="value"`. */
export function eq(label: string, value: string): string {
  return `${label}="${promString(value)}"`;
}

/** `instance=~"(h1|h2)(:[0-9]+)?"`: any port on these hosts (IPv6 ones in brackets, as instances write them). */
export function onHosts(hosts: readonly string[]): string {
  const literal = (h: string) => promRegexLiteral(h.includes(':') ? `[${h}]` : h);
  return `instance=~"(${hosts.map(literal).join('|')})(:[0-9]+)?"`;
}

/** Loose name equality: case and `-`/`_`/`.` do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  return norm(a) === norm(b);
}

/** Whether `name` is one of the `-`/`_`/`.`-separated words of `text` (or a run of them). */
export function namesWord(text: string, name: string): boolean {
  const t = text.toLowerCase();
  const n = name.toLowerCase();
  if (t === n) return true;
  const re = new RegExp(`(^|[-_./:])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[-_./:])`);
  return re.test(t);
}
