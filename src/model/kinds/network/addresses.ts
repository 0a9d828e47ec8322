/**
 * Addresses of a Network's resources (docs/resources.md): `network/<name>/<resource type>/<local name>`.
 * A zone suffix is the zone name after the region (`us-east-1a` → `a`, Local Zone `us-west-2-lax-1a` → `lax-1a`).
 */

export function vpcAddress(networkName: string): string {
  return `network/${networkName}/vpc/main`;
}

export function subnetAddress(networkName: string, groupName: string, zoneSuffix: string): string {
  return `network/${networkName}/subnet/${groupName}-${zoneSuffix}`;
}

export function internetGatewayAddress(networkName: string): string {
  return `network/${networkName}/internet-gateway/main`;
}

/** The Elastic IP of the NAT gateway in a zone. */
export function natEipAddress(networkName: string, zoneSuffix: string): string {
  return `network/${networkName}/eip/nat-${zoneSuffix}`;
}

export function natGatewayAddress(networkName: string, zoneSuffix: string): string {
  return `network/${networkName}/nat-gateway/${zoneSuffix}`;
}

/** `public`, `private-<zone suffix>` or `isolated`. */
export function routeTableAddress(networkName: string, localName: string): string {
  return `network/${networkName}/route-table/${localName}`;
}

export function securityGroupAddress(networkName: string, groupName: string): string {
  return `network/${networkName}/security-group/${groupName}`;
}

/** The rules of one security group: the group's address with `security-group` replaced by `security-group-rules`. */
export function securityGroupRulesAddress(networkName: string, groupName: string): string {
  return `network/${networkName}/security-group-rules/${groupName}`;
}

/** A gateway or interface endpoint, by service suffix (`s3`, `ecr.api`). */
export function vpcEndpointAddress(networkName: string, service: string): string {
  return `network/${networkName}/vpc-endpoint/${service}`;
}

/** The RAM share of the private-tier subnets. */
export function subnetShareAddress(networkName: string): string {
  return `network/${networkName}/resource-share/subnets`;
}

/** The part of an availability zone name after its region: `us-east-1a` in `us-east-1` → `a`. */
export function zoneSuffix(availabilityZone: string, region: string): string {
  if (availabilityZone.startsWith(region) && availabilityZone.length > region.length) {
    return availabilityZone.slice(region.length).replace(/^-/, '');
  }
  // Not in the region (validation reports it): the trailing letters still make a readable name.
  return /[a-z]+$/.exec(availabilityZone)?.[0] ?? availabilityZone;
}
