/**
 * A security group rule's `ports` text → the `fromPort` / `toPort` pair EC2's `IpPermission` takes.
 *
 * EC2's conventions (AuthorizeSecurityGroupIngress, `IpPermission`):
 * - protocol `-1` (all): EC2 ignores ports and reports -1/-1, so trellis requires `ports: "all"` and uses -1/-1;
 * - `tcp` / `udp`: a port range 0-65535; EC2 rejects -1 for them ("TCP/UDP port (-1) out of range"), so
 *   `all` is 0-65535, which is also what Describe returns for an all-ports TCP rule;
 * - `icmp`: `fromPort` is the ICMP type and `toPort` the ICMP code, -1 meaning any. trellis keeps it
 *   simple: `all` (-1/-1) or one type number with any code (`8` → 8/-1).
 */
import type { SecurityGroupRule } from '../../generated/manifest.js';

export type Protocol = SecurityGroupRule['protocol'];

export type PortsResult = { readonly ok: true; readonly fromPort: number; readonly toPort: number } | { readonly ok: false; readonly message: string };

const MAX_PORT = 65535;
const MAX_ICMP_TYPE = 255;

/** Parses `ports` (already matching the schema's pattern: `all`, `N` or `N-M`) for `protocol`. */
export function parsePorts(protocol: Protocol, ports: string): PortsResult {
  if (protocol === 'all') {
    return ports === 'all' ? range(-1, -1) : failure(`protocol "all" covers every port, so ports must be "all", not "${ports}"`);
  }
  if (ports === 'all') return protocol === 'icmp' ? range(-1, -1) : range(0, MAX_PORT);
  const [start = NaN, end = start] = ports.split('-').map(Number);
  if (protocol === 'icmp') {
    if (ports.includes('-')) return failure(`icmp takes "all" or one ICMP type number (0-${MAX_ICMP_TYPE}), not a range like "${ports}"`);
    return start > MAX_ICMP_TYPE ? failure(`ICMP type ${start} is outside 0-${MAX_ICMP_TYPE}`) : range(start, -1);
  }
  const outside = [start, end].find((port) => port > MAX_PORT);
  if (outside !== undefined) return failure(`port ${outside} is outside 0-${MAX_PORT}`);
  if (start > end) return failure(`port range ${ports} starts after it ends; write ${end}-${start}`);
  return range(start, end);
}

function range(fromPort: number, toPort: number): PortsResult {
  return { ok: true, fromPort, toPort };
}

function failure(message: string): PortsResult {
  return { ok: false, message };
}
