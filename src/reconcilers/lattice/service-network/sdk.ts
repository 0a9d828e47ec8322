/** Pure builders for service networks: desired spec → SDK inputs, SDK outputs → observed, the diff. */
import type { CreateServiceNetworkCommandInput, GetServiceNetworkCommandOutput } from '@aws-sdk/client-vpc-lattice';
import { valueChange } from '../../../core/diff.js';
import { parsePolicyText, policiesEqual } from '../../../core/policy.js';
import type { PolicyDocument } from '../../../core/policy-document.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { SERVICE_NETWORK, type ServiceNetworkOutputs, type ServiceNetworkSpec } from './type.js';

export function createServiceNetworkInput(desired: Resolved<ServiceNetworkSpec>, clientToken: string): CreateServiceNetworkCommandInput {
  return { name: desired.spec.name, authType: desired.spec.authType, tags: { ...desired.tags }, clientToken };
}

/** The policy text PutAuthPolicy gets: compact JSON ("the policy must contain no newlines", docs/aws-behaviour.md §5d). */
export function authPolicyText(policy: PolicyDocument): string {
  return JSON.stringify(policy);
}

/** GetAuthPolicy's text as a document; text that is not JSON is kept as is (it then differs from any desired document). */
export function parseAuthPolicy(text: string | undefined): PolicyDocument | null {
  if (text === undefined || text === '') return null;
  try {
    return parsePolicyText(text) as PolicyDocument;
  } catch {
    return text as unknown as PolicyDocument;
  }
}

export function observedServiceNetwork(
  network: GetServiceNetworkCommandOutput,
  authPolicy: PolicyDocument | null,
  tags: Record<string, string>,
  scope: Scope,
): Observed<ServiceNetworkSpec, ServiceNetworkOutputs> {
  const arn = network.arn ?? '';
  return observed(SERVICE_NETWORK, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { name: network.name, authType: (network.authType ?? 'NONE') as ServiceNetworkSpec['authType'], authPolicy },
    outputs: { arn, id: network.id ?? '', name: network.name ?? '' },
    references: [],
  });
}

/** Name replaces; auth type changes in place; the auth policy is compared semantically (`policiesEqual`). */
export function diffServiceNetwork(desired: Resolved<ServiceNetworkSpec>, live: Observed<ServiceNetworkSpec, ServiceNetworkOutputs>): FieldChange[] {
  const changes = [valueChange('name', desired.spec.name, live.spec.name, true), valueChange('authType', desired.spec.authType, live.spec.authType)].filter(
    (change): change is FieldChange => change !== undefined,
  );
  const want = desired.spec.authPolicy ?? null;
  const have = live.spec.authPolicy ?? null;
  const samePolicy = want === null || have === null ? want === have : policiesEqual(want, have);
  if (!samePolicy) changes.push({ path: 'authPolicy', from: have, to: want, replace: false });
  return changes;
}
