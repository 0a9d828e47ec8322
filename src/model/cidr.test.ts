import { describe, expect, it } from 'vitest';
import { contains, formatCidr, overlaps, parseCidr, type Ipv4Cidr } from './cidr.js';

function cidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.cidr;
}

describe('parseCidr', () => {
  it('parses the edges of the address space and prefix range', () => {
    expect(formatCidr(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(formatCidr(cidr('255.255.255.255/32'))).toBe('255.255.255.255/32');
    expect(cidr('10.0.0.0/16')).toEqual({ network: 0x0a000000, prefix: 16 });
  });

  it('rejects host bits and suggests the network address', () => {
    expect(parseCidr('10.0.0.1/16')).toEqual({ ok: false, message: 'host bits set; did you mean 10.0.0.0/16' });
    expect(parseCidr('192.168.1.130/25')).toEqual({ ok: false, message: 'host bits set; did you mean 192.168.1.128/25' });
  });

  it('rejects octets over 255, prefixes over 32, leading zeros and other syntax', () => {
    expect(parseCidr('10.0.256.0/24')).toMatchObject({ ok: false, message: '"10.0.256.0/24": octet 256 is greater than 255' });
    expect(parseCidr('10.0.0.0/33')).toMatchObject({ ok: false, message: '"10.0.0.0/33": prefix length /33 is greater than /32' });
    expect(parseCidr('10.0.010.0/24')).toMatchObject({ ok: false });
    expect(parseCidr('10.0.0.0')).toMatchObject({ ok: false });
    expect(parseCidr(' 10.0.0.0/8')).toMatchObject({ ok: false });
  });
});

describe('contains and overlaps', () => {
  it('contains a block inside it, including itself, but not a bigger or disjoint one', () => {
    expect(contains(cidr('10.0.0.0/16'), cidr('10.0.255.0/24'))).toBe(true);
    expect(contains(cidr('10.0.0.0/16'), cidr('10.0.0.0/16'))).toBe(true);
    expect(contains(cidr('10.0.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(contains(cidr('10.0.0.0/16'), cidr('10.1.0.0/24'))).toBe(false);
    expect(contains(cidr('0.0.0.0/0'), cidr('255.255.255.0/24'))).toBe(true);
  });

  it('handles addresses with the top bit set (unsigned arithmetic)', () => {
    expect(contains(cidr('192.168.0.0/16'), cidr('192.168.200.0/24'))).toBe(true);
    expect(overlaps(cidr('192.168.0.0/17'), cidr('192.168.128.0/17'))).toBe(false);
  });

  it('overlaps in either direction and not for adjacent blocks', () => {
    expect(overlaps(cidr('10.0.16.0/20'), cidr('10.0.20.0/24'))).toBe(true);
    expect(overlaps(cidr('10.0.20.0/24'), cidr('10.0.16.0/20'))).toBe(true);
    expect(overlaps(cidr('10.0.0.0/24'), cidr('10.0.1.0/24'))).toBe(false);
  });
});
