import { describe, expect, it } from 'vitest';
import { eq, hostOf, namesWord, onHosts, sameName } from '../../../src/topology/hosts.js';

/**
 * Evaluates a `label=~"..."` matcher as Prometheus would: the PromQL string unescaped, then
 * the RE2 regex anchored at both ends (JS regex syntax agrees for what these use).
 */
function matches(matcher: string, value: string): boolean {
  const m = /^[a-z_]+=~"((?:[^"\\]|\\.)*)"$/.exec(matcher);
  if (!m) throw new Error(`not a regex matcher: ${matcher}`);
  const re = m[1]!.replace(/\\(.)/g, '$1');
  return new RegExp(`^(?:${re})$`).test(value);
}

describe('hosts and names', () => {
  it('takes the host of an instance: IPv4, hostname, IPv6, and no port', () => {
    expect(hostOf('10.0.1.11:8080')).toBe('10.0.1.11');
    expect(hostOf('orders.internal:9464')).toBe('orders.internal');
    expect(hostOf('[::1]:9100')).toBe('::1');
    expect(hostOf('[fd00::11]')).toBe('fd00::11');
    expect(hostOf('node-1')).toBe('node-1');
  });

  it('selects any port on the hosts, and nothing else', () => {
    const sel = onHosts(['10.0.1.11', 'db.internal']);
    expect(sel).toBe('instance=~"(10\\\\.0\\\\.1\\\\.11|db\\\\.internal)(:[0-9]+)?"');
    expect(matches(sel, '10.0.1.11:9100')).toBe(true);
    expect(matches(sel, '10.0.1.11')).toBe(true);
    expect(matches(sel, 'db.internal:9187')).toBe(true);
    // Dots are literal: another address that a bare `.` would match is not taken.
    expect(matches(sel, '10.0.1.111:9100')).toBe(false);
    expect(matches(sel, '10x0x1x11:9100')).toBe(false);
    expect(matches(sel, 'dbxinternal:9187')).toBe(false);
  });

  it('selects an IPv6 host as its instances write it, in brackets', () => {
    const inst = '[fd00::11]:9100';
    const sel = onHosts([hostOf(inst)]);
    expect(matches(sel, inst)).toBe(true);
    expect(matches(sel, '[fd00::111]:9100')).toBe(false);
  });

  it('escapes values in equality matchers', () => {
    expect(eq('datname', 'orders')).toBe('datname="orders"');
    expect(eq('pod', 'a"b\\c')).toBe('pod="a\\"b\\\\c"');
  });

  it('compares names loosely and finds a name as a whole word', () => {
    expect(sameName('order-service', 'order_service')).toBe(true);
    expect(sameName('Orders', 'orders')).toBe(true);
    expect(sameName('orders', 'ordersarchive')).toBe(false);
    expect(namesWord('orders-step', 'orders')).toBe(true);
    expect(namesWord('checkout.orders.v2', 'orders')).toBe(true);
    expect(namesWord('orders', 'orders')).toBe(true);
    expect(namesWord('preorders-step', 'orders')).toBe(false);
    expect(namesWord('orderservice', 'orders')).toBe(false);
    // A name with regex characters is taken literally.
    expect(namesWord('a.b-step', 'a.b')).toBe(true);
    expect(namesWord('axb-step', 'a.b')).toBe(false);
  });
});
