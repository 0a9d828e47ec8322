/**
 * Pure builders for endpoint services: desired spec → SDK input, SDK output → observed, the diff, and
 * which connections an update accepts or rejects.
 */
import type {
  CreateVpcEndpointServiceConfigurationCommandInput,
  ModifyVpcEndpointServiceConfigurationCommandInput,
  ModifyVpcEndpointServicePermissionsCommandInput,
  ServiceConfiguration,
  UnsuccessfulItem,
  VpcEndpointConnection as SdkConnection,
} from '@aws-sdk/client-ec2';
import { setChange, sortedSet, valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { VPC_ENDPOINT_SERVICE, type VpcEndpointConnection, type VpcEndpointServiceOutputs, type VpcEndpointServiceSpec } from './type.js';

export const VPC_ENDPOINT_SERVICE_TYPE = VPC_ENDPOINT_SERVICE.name;

type Live = Observed<VpcEndpointServiceSpec, VpcEndpointServiceOutputs>;

export function createEndpointServiceInput(desired: Resolved<VpcEndpointServiceSpec>, clientToken: string): CreateVpcEndpointServiceConfigurationCommandInput {
  return {
    NetworkLoadBalancerArns: [...desired.spec.networkLoadBalancerArns],
    AcceptanceRequired: desired.spec.acceptanceRequired,
    ClientToken: clientToken,
    TagSpecifications: tagSpecifications('vpc-endpoint-service', desired.tags),
  };
}

/**
 * Connection states go on the wire in lower camelCase (`pendingAcceptance`, `available`), although the
 * SDK's `State` enum is PascalCase (docs/aws-behaviour.md 3d): compare case-insensitively.
 */
export function liveConnection(connection: SdkConnection): VpcEndpointConnection | undefined {
  const state = String(connection.VpcEndpointState ?? '').toLowerCase();
  if (!connection.VpcEndpointId || !connection.VpcEndpointOwner) return undefined;
  if (state === 'pendingacceptance') return { endpointId: connection.VpcEndpointId, account: connection.VpcEndpointOwner, state: 'pendingAcceptance' };
  if (state === 'available') return { endpointId: connection.VpcEndpointId, account: connection.VpcEndpointOwner, state: 'available' };
  return undefined;
}

export function observedEndpointService(
  service: ServiceConfiguration,
  principals: readonly string[],
  connections: readonly VpcEndpointConnection[],
  scope: Scope,
): Live {
  const tags = fromEc2Tags(service.Tags);
  const id = service.ServiceId ?? '';
  const networkLoadBalancerArns = sortedSet(service.NetworkLoadBalancerArns ?? []);
  const sorted = [...connections].sort((a, b) => (a.endpointId < b.endpointId ? -1 : a.endpointId > b.endpointId ? 1 : 0));
  return observed(VPC_ENDPOINT_SERVICE, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      networkLoadBalancerArns,
      acceptanceRequired: service.AcceptanceRequired ?? true,
      allowedPrincipals: sortedSet(principals),
      // The accounts that have a pending or available connection; whether each is as wanted is the diff's.
      acceptedAccounts: sortedSet([...new Set(connections.map((connection) => connection.account))]),
    },
    outputs: { id, serviceName: service.ServiceName ?? '', connections: sorted },
    // DeleteLoadBalancer fails ResourceInUse while the service uses the NLB.
    references: networkLoadBalancerArns,
  });
}

/** The connections an update decides: pending ones from declared accounts accepted, any from others rejected. */
export function connectionDecisions(acceptedAccounts: readonly string[], connections: readonly VpcEndpointConnection[] | undefined) {
  const accept = (connections ?? []).filter((connection) => connection.state === 'pendingAcceptance' && acceptedAccounts.includes(connection.account));
  const reject = (connections ?? []).filter((connection) => !acceptedAccounts.includes(connection.account));
  return { accept: accept.map((c) => c.endpointId), reject: reject.map((c) => c.endpointId) };
}

const describeConnection = (connection: VpcEndpointConnection, state: string) => `${connection.endpointId} (${connection.account}): ${state}`;

/**
 * `acceptedAccounts` is a policy, not a state: a declared account that has not connected is no drift.
 * The field changes only when a connection must be decided — pending from a declared account (accept)
 * or pending or available from any other (reject) — and the change reads connection by connection.
 */
export function diffEndpointService(desired: Resolved<VpcEndpointServiceSpec>, live: Live): FieldChange[] {
  const want = desired.spec;
  const have = live.spec;
  const connections = live.outputs.connections ?? [];
  const { accept, reject } = connectionDecisions(want.acceptedAccounts, connections);
  const decided = accept.length > 0 || reject.length > 0;
  const changes = [
    setChange('networkLoadBalancerArns', want.networkLoadBalancerArns, have.networkLoadBalancerArns),
    valueChange('acceptanceRequired', want.acceptanceRequired, have.acceptanceRequired),
    setChange('allowedPrincipals', want.allowedPrincipals, have.allowedPrincipals),
    decided
      ? {
          path: 'acceptedAccounts',
          from: connections.map((c) => describeConnection(c, c.state)),
          to: connections.map((c) => describeConnection(c, accept.includes(c.endpointId) ? 'available' : reject.includes(c.endpointId) ? 'rejected' : c.state)),
          replace: false,
        }
      : undefined,
  ];
  return changes.filter((change): change is FieldChange => change !== undefined);
}

/** One ModifyVpcEndpointServiceConfiguration for the NLBs and acceptance, or undefined. */
export function modifyConfigurationInput(id: string, want: VpcEndpointServiceSpec, have: Partial<VpcEndpointServiceSpec>, changes: readonly FieldChange[]) {
  const changed = (path: string) => changes.some((change) => change.path === path);
  const input: ModifyVpcEndpointServiceConfigurationCommandInput = { ServiceId: id };
  if (changed('acceptanceRequired')) input.AcceptanceRequired = want.acceptanceRequired;
  if (changed('networkLoadBalancerArns')) {
    const haveArns = have.networkLoadBalancerArns ?? [];
    const add = want.networkLoadBalancerArns.filter((arn) => !haveArns.includes(arn));
    const remove = haveArns.filter((arn) => !want.networkLoadBalancerArns.includes(arn));
    if (add.length > 0) input.AddNetworkLoadBalancerArns = sortedSet(add);
    if (remove.length > 0) input.RemoveNetworkLoadBalancerArns = sortedSet(remove);
  }
  return Object.keys(input).length > 1 ? input : undefined;
}

/** One ModifyVpcEndpointServicePermissions with the principals to add and to remove, or undefined. */
export function modifyPermissionsInput(id: string, want: readonly string[], have: readonly string[] | undefined): ModifyVpcEndpointServicePermissionsCommandInput | undefined {
  const live = have ?? [];
  const add = sortedSet(want.filter((principal) => !live.includes(principal)));
  const remove = sortedSet(live.filter((principal) => !want.includes(principal)));
  if (add.length === 0 && remove.length === 0) return undefined;
  return { ServiceId: id, ...(add.length > 0 ? { AddAllowedPrincipals: add } : {}), ...(remove.length > 0 ? { RemoveAllowedPrincipals: remove } : {}) };
}

/**
 * Accept/Reject and the batch delete answer HTTP 200 with per-item errors in `Unsuccessful`
 * (docs/aws-behaviour.md 3e): the first one that `ignore` does not excuse, as an error named after its code so
 * the classifier judges it like a thrown one.
 */
export function unsuccessfulError(operation: string, items: readonly UnsuccessfulItem[] | undefined, ignore: readonly string[] = []): Error | undefined {
  const problem = (items ?? []).find((item) => !ignore.includes(item.Error?.Code ?? ''));
  if (!problem) return undefined;
  const code = problem.Error?.Code ?? 'UnknownError';
  return Object.assign(new Error(`${operation} ${problem.ResourceId ?? ''}: ${code}: ${problem.Error?.Message ?? 'failed'}`), { name: code });
}
