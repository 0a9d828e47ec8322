/**
 * Exact IPv4 CIDR arithmetic on unsigned 32-bit integers. Small enough that a dependency would not
 * pay for itself: trellis needs parse (strict), contains and overlaps, nothing else.
 */

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

export type CidrParseResult = { readonly ok: true; readonly cidr: Ipv4Cidr } | { readonly ok: false; readonly message: string };

const CIDR_SYNTAX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function mask(prefix: number): number {
  // `<< 32` is a no-op in JavaScript, so /0 needs its own case.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatAddress(address: number): string {
  return [address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff].join('.');
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

/**
 * Parses `a.b.c.d/n` strictly: four decimal octets 0-255 without leading zeros (which some tools read
 * as octal), a prefix 0-32, and no host bits set (`10.0.0.1/16` is rejected, suggesting `10.0.0.0/16`).
 */
export function parseCidr(text: string): CidrParseResult {
  const match = CIDR_SYNTAX.exec(text);
  if (!match) return { ok: false, message: `"${text}" is not an IPv4 CIDR block like 10.0.0.0/16` };
  const octetTexts = match.slice(1, 5) as [string, string, string, string];
  let address = 0;
  for (const octetText of octetTexts) {
    if (octetText.length > 1 && octetText.startsWith('0')) {
      return { ok: false, message: `"${text}": octet ${octetText} has a leading zero` };
    }
    const octet = Number(octetText);
    if (octet > 255) return { ok: false, message: `"${text}": octet ${octet} is greater than 255` };
    address = address * 256 + octet;
  }
  const prefix = Number(match[5]);
  if (prefix > 32) return { ok: false, message: `"${text}": prefix length /${prefix} is greater than /32` };
  const network = (address & mask(prefix)) >>> 0;
  if (network !== address) {
    return { ok: false, message: `host bits set; did you mean ${formatAddress(network)}/${prefix}` };
  }
  return { ok: true, cidr: { network, prefix } };
}

/** Whether every address of `inner` is inside `outer`. */
export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.network & mask(outer.prefix)) >>> 0 === outer.network;
}

/** Whether the two blocks share at least one address (for CIDR blocks, one then contains the other). */
export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return contains(a, b) || contains(b, a);
}
