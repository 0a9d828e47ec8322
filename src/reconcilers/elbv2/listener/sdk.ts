/** Pure builders for listeners: desired spec → SDK input, SDK output → observed, the diff, the narrow modify. */
import type { Action, CreateListenerCommandInput, Listener, ModifyListenerCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { toElbTags } from '../tags.js';
import { LISTENER, type ListenerOutputs, type ListenerSpec } from './type.js';

export const LISTENER_TYPE = LISTENER.name;

/** The one default action an NLB listener of ours has: forward to the target group. */
export function forwardTo(targetGroupArn: string): Action[] {
  return [{ Type: 'forward', TargetGroupArn: targetGroupArn }];
}

export function createListenerInput(desired: Resolved<ListenerSpec>): CreateListenerCommandInput {
  const { spec } = desired;
  const tags = toElbTags(desired.tags);
  return {
    LoadBalancerArn: spec.loadBalancerArn,
    Protocol: spec.protocol,
    Port: spec.port,
    DefaultActions: forwardTo(spec.targetGroupArn),
    ...(tags ? { Tags: tags } : {}),
  };
}

/** The target group the default action forwards to (plain `TargetGroupArn` or a one-group ForwardConfig). */
export function forwardedTargetGroup(listener: Listener): string | undefined {
  const action = (listener.DefaultActions ?? []).find((candidate) => candidate.Type === 'forward');
  return action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
}

export function observedListener(listener: Listener, tags: Record<string, string>, scope: Scope): Observed<ListenerSpec, ListenerOutputs> {
  const arn = listener.ListenerArn ?? '';
  const targetGroupArn = forwardedTargetGroup(listener);
  return observed(LISTENER, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      ...(listener.LoadBalancerArn ? { loadBalancerArn: listener.LoadBalancerArn } : {}),
      ...(listener.Protocol ? { protocol: listener.Protocol as 'TCP' } : {}),
      ...(listener.Port !== undefined ? { port: listener.Port } : {}),
      ...(targetGroupArn ? { targetGroupArn } : {}),
    },
    outputs: { arn },
    // The old target group of a replacement is deleted only after this listener moved off it.
    references: [...(listener.LoadBalancerArn ? [listener.LoadBalancerArn] : []), ...(targetGroupArn ? [targetGroupArn] : [])],
  });
}

export function diffListener(desired: Resolved<ListenerSpec>, live: Observed<ListenerSpec, ListenerOutputs>): FieldChange[] {
  const want = desired.spec;
  const have = live.spec;
  const changes = [
    valueChange('loadBalancerArn', want.loadBalancerArn, have.loadBalancerArn, true),
    valueChange('protocol', want.protocol, have.protocol),
    valueChange('port', want.port, have.port),
    valueChange('targetGroupArn', want.targetGroupArn, have.targetGroupArn),
  ];
  return changes.filter((change): change is FieldChange => change !== undefined);
}

/** One ModifyListener for exactly the changed fields (API_ModifyListener.html), or undefined. */
export function modifyListenerInput(arn: string, spec: ListenerSpec, changes: readonly FieldChange[]): ModifyListenerCommandInput | undefined {
  const changed = (path: string) => changes.some((change) => change.path === path);
  if (!changed('port') && !changed('protocol') && !changed('targetGroupArn')) return undefined;
  return {
    ListenerArn: arn,
    ...(changed('port') ? { Port: spec.port } : {}),
    ...(changed('protocol') ? { Protocol: spec.protocol } : {}),
    ...(changed('targetGroupArn') ? { DefaultActions: forwardTo(spec.targetGroupArn) } : {}),
  };
}
