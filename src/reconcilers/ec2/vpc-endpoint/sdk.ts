/** Pure builders for VPC endpoints: desired spec → SDK input, SDK output → observed, narrow modify input. */
import type { CreateVpcEndpointCommandInput, ModifyVpcEndpointCommandInput, VpcEndpoint } from '@aws-sdk/client-ec2';
import { sortedSet } from '../../../core/diff.js';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { FieldChange, ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export type { VpcEndpointSpec } from './type.js';
import type { VpcEndpointSpec } from './type.js';

export const VPC_ENDPOINT_TYPE = 'ec2:vpc-endpoint';

/** Set-valued fields, each changed in place with ModifyVpcEndpoint's `Add…`/`Remove…` lists. */
export const SET_FIELDS = {
  routeTableIds: { add: 'AddRouteTableIds', remove: 'RemoveRouteTableIds' },
  subnetIds: { add: 'AddSubnetIds', remove: 'RemoveSubnetIds' },
  securityGroupIds: { add: 'AddSecurityGroupIds', remove: 'RemoveSecurityGroupIds' },
} as const;
export type SetField = keyof typeof SET_FIELDS;

/**
 * EC2 answers DescribeVpcEndpoints states in lower case (`available`), although the SDK's `State`
 * enum is capitalized (`Available`): compare case-insensitively.
 */
export function endpointState(endpoint: VpcEndpoint): string {
  const state = String(endpoint.State ?? '').toLowerCase();
  // The one two-word state keeps its wire spelling: an interface endpoint to an endpoint service that
  // requires acceptance waits in `pendingAcceptance` until the provider accepts.
  return state === 'pendingacceptance' ? 'pendingAcceptance' : state;
}

/**
 * Interface endpoints: the regional DNS name, the first of `DnsEntries` (the zonal ones follow it;
 * API_VpcEndpoint.html, DnsEntries), which AWS assigns at creation, before any acceptance.
 */
export function endpointDnsName(endpoint: VpcEndpoint): string | undefined {
  if (endpoint.VpcEndpointType !== 'Interface') return undefined;
  return endpoint.DnsEntries?.[0]?.DnsName;
}

/** The outputs other resources may reference: ID, state, and for interface endpoints the DNS name. */
export function endpointOutputs(endpoint: VpcEndpoint): Record<string, unknown> {
  const dnsName = endpointDnsName(endpoint);
  return { id: endpoint.VpcEndpointId ?? '', state: endpointState(endpoint), ...(dnsName ? { dnsName } : {}) };
}

export function createVpcEndpointInput(desired: ResolvedResource, clientToken: string): CreateVpcEndpointCommandInput {
  const spec = desired.spec as unknown as VpcEndpointSpec;
  const input: CreateVpcEndpointCommandInput = {
    VpcId: spec.vpcId,
    ServiceName: spec.serviceName,
    VpcEndpointType: spec.vpcEndpointType,
    ClientToken: clientToken,
    TagSpecifications: tagSpecifications('vpc-endpoint', desired.tags),
  };
  if (spec.routeTableIds !== undefined) input.RouteTableIds = [...spec.routeTableIds];
  if (spec.subnetIds !== undefined) input.SubnetIds = [...spec.subnetIds];
  if (spec.securityGroupIds !== undefined) input.SecurityGroupIds = [...spec.securityGroupIds];
  if (spec.privateDnsEnabled !== undefined) input.PrivateDnsEnabled = spec.privateDnsEnabled;
  return input;
}

export function observedVpcEndpoint(endpoint: VpcEndpoint, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(endpoint.Tags);
  const id = endpoint.VpcEndpointId ?? '';
  const routeTableIds = sortedSet(endpoint.RouteTableIds ?? []);
  const subnetIds = sortedSet(endpoint.SubnetIds ?? []);
  const securityGroupIds = sortedSet((endpoint.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])));
  return {
    type: VPC_ENDPOINT_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      vpcId: endpoint.VpcId,
      serviceName: endpoint.ServiceName,
      vpcEndpointType: endpoint.VpcEndpointType,
      routeTableIds,
      subnetIds,
      securityGroupIds,
      privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    },
    outputs: endpointOutputs(endpoint),
    references: [...(endpoint.VpcId ? [endpoint.VpcId] : []), ...routeTableIds, ...subnetIds, ...securityGroupIds],
  };
}

/** One ModifyVpcEndpoint for exactly the changed fields, or undefined when none of them changed. */
export function modifyVpcEndpointInput(
  endpointId: string,
  desired: VpcEndpointSpec,
  observed: ObservedResource,
  changes: readonly FieldChange[],
): ModifyVpcEndpointCommandInput | undefined {
  const input: ModifyVpcEndpointCommandInput = { VpcEndpointId: endpointId };
  let changed = false;
  for (const [field, names] of Object.entries(SET_FIELDS) as Array<[SetField, (typeof SET_FIELDS)[SetField]]>) {
    if (!changes.some((change) => change.path === field)) continue;
    const want = desired[field] ?? [];
    const have = (observed.spec[field] ?? []) as readonly string[];
    const add = sortedSet(want.filter((id) => !have.includes(id)));
    const remove = sortedSet(have.filter((id) => !want.includes(id)));
    if (add.length > 0) input[names.add] = add;
    if (remove.length > 0) input[names.remove] = remove;
    changed ||= add.length > 0 || remove.length > 0;
  }
  if (changes.some((change) => change.path === 'privateDnsEnabled') && desired.privateDnsEnabled !== undefined) {
    input.PrivateDnsEnabled = desired.privateDnsEnabled;
    changed = true;
  }
  return changed ? input : undefined;
}
