/** Checks of `endpoints`: where gateway and interface endpoints go, and what interface endpoints need. */
import { pointer } from '../../pointer.js';
import type { NetworkSpec } from '../../types.js';
import type { CheckContext } from '../kind.js';
import { unknownGroupMessage } from './check-security-groups.js';
import type { NetworkLayout } from './layout.js';

export function checkEndpoints(spec: NetworkSpec, layout: NetworkLayout, context: CheckContext): void {
  const endpoints = spec.endpoints;
  if (endpoints === undefined) return;
  const gateway = endpoints.gateway ?? [];
  const interfaces = endpoints.interface ?? [];

  if (gateway.length > 0 && layout.groupsOfTier('private').length === 0 && layout.groupsOfTier('isolated').length === 0) {
    context.report(
      '/spec/endpoints/gateway',
      'gateway endpoints are routed from the private and isolated route tables, but the Network has no private or isolated subnet group',
    );
  }

  interfaces.forEach((service, index) => {
    if ((gateway as readonly string[]).includes(service)) {
      context.report(
        pointer('/spec/endpoints/interface', index),
        `"${service}" is also a gateway endpoint, and both would be network/…/vpc-endpoint/${service}; keep one of them`,
      );
    }
  });

  const groupNames = spec.subnets.map((group) => group.name);
  if (endpoints.subnetGroup !== undefined && !groupNames.includes(endpoints.subnetGroup)) {
    context.report(
      '/spec/endpoints/subnetGroup',
      `unknown subnet group "${endpoints.subnetGroup}" (${groupNames.length > 0 ? `known: ${groupNames.join(', ')}` : 'the Network declares none'})`,
    );
  } else if (endpoints.subnetGroup === undefined && interfaces.length > 0 && layout.endpointGroup === undefined) {
    context.report(
      '/spec/endpoints',
      'interface endpoints need a subnet group: set subnetGroup (there is no subnet group with tier "private" to default to)',
    );
  }

  const securityGroupNames = (spec.securityGroups ?? []).map((group) => group.name);
  (endpoints.securityGroups ?? []).forEach((name, index) => {
    if (!securityGroupNames.includes(name)) {
      context.report(pointer('/spec/endpoints/securityGroups', index), unknownGroupMessage(name, securityGroupNames));
    }
  });

  // Interface endpoints are created with private DNS, which EC2 refuses unless the VPC has both DNS
  // attributes enabled (CreateVpcEndpoint: "enableDnsHostnames and enableDnsSupport must be true").
  if (interfaces.length > 0) {
    for (const attribute of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
      if (spec[attribute] === false) {
        context.report(
          pointer('/spec', attribute),
          `must be true: interface endpoints use private DNS, which needs both enableDnsSupport and enableDnsHostnames`,
        );
      }
    }
  }
}
