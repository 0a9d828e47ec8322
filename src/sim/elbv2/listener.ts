/**
 * ELBv2 listeners (network load balancers): CreateListener, DescribeListeners, ModifyListener,
 * DeleteListener.
 *
 * References (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/):
 * - API_CreateListener.html: "This operation is idempotent … If you attempt to create multiple listeners
 *   with the same settings, each call succeeds"; a listener on a port the load balancer already listens
 *   on with other settings is `DuplicateListener`. NLB protocols TCP, TLS, UDP, TCP_UDP; Port 1–65535;
 *   DefaultActions `forward` to a TargetGroupArn or ForwardConfig.TargetGroups.
 * - API_DescribeListeners.html: LoadBalancerArn or ListenerArns, PageSize 1–400, Marker; unknown →
 *   `LoadBalancerNotFound` / `ListenerNotFound`.
 * - API_ModifyListener.html: Port, Protocol, DefaultActions; a port another listener has is `DuplicateListener`.
 * - API_DeleteListener.html: unknown → `ListenerNotFound`.
 * A listener forwarding to a target group blocks DeleteTargetGroup (`ResourceInUse`).
 */
import type {
  Action,
  CreateListenerCommandInput,
  CreateListenerCommandOutput,
  DeleteListenerCommandInput,
  DeleteListenerCommandOutput,
  DescribeListenersCommandInput,
  DescribeListenersCommandOutput,
  Listener,
  ModifyListenerCommandInput,
  ModifyListenerCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { fromJsonSafe, toJsonSafe } from '../json-safe.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import { elbArn, listeners, markerPage, mergeTags, stableSettings, validationError, type ListenerRecord } from './common.js';
import { requireLoadBalancer } from './load-balancer.js';
import { requireTargetGroup, TARGET_GROUP_KIND } from './target-group.js';

const NLB_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];

function requireListener(ctx: HandlerContext, arn: string | undefined): ListenerRecord {
  const record = arn ? listeners(ctx)[arn] : undefined;
  if (!record || !ctx.isVisible(record)) throw ctx.error('ListenerNotFound', `Listener '${arn ?? ''}' not found`);
  return record;
}

/** The target groups the actions forward to; each must exist and be in the load balancer's VPC. */
function forwardTargets(ctx: HandlerContext, vpcId: string, actions: readonly Action[] | undefined): string[] {
  if (!actions || actions.length === 0) throw validationError(ctx, 'A default action must be specified');
  const arns: string[] = [];
  for (const action of actions) {
    if (action.Type !== 'forward') throw ctx.error('InvalidLoadBalancerAction', `Network load balancers support only forward actions, not '${String(action.Type)}'`);
    const groups = action.TargetGroupArn ? [action.TargetGroupArn] : (action.ForwardConfig?.TargetGroups ?? []).map((g) => g.TargetGroupArn ?? '');
    if (groups.length === 0) throw validationError(ctx, 'A forward action must specify a target group');
    for (const arn of groups) {
      const group = requireTargetGroup(ctx, arn);
      if (group.vpcId !== vpcId) throw validationError(ctx, `The target group '${arn}' is not in the load balancer's VPC`);
      arns.push(arn);
    }
  }
  return [...new Set(arns)];
}

function toListener(record: ListenerRecord): Listener {
  return {
    ListenerArn: record.id,
    LoadBalancerArn: record.loadBalancerArn,
    Port: record.port,
    Protocol: record.protocol as Listener['Protocol'],
    DefaultActions: fromJsonSafe(record.defaultActions) as Action[],
  };
}

function validatePortProtocol(ctx: HandlerContext, port: number | undefined, protocol: string | undefined): void {
  if (port === undefined || port < 1 || port > 65535) throw validationError(ctx, 'Port must be between 1 and 65535');
  if (!protocol || !NLB_PROTOCOLS.includes(protocol)) throw ctx.error('UnsupportedProtocol', `Protocol '${String(protocol)}' is not supported by network load balancers`);
}

export const listenerModule: SimModule = {
  name: 'elbv2/listener',
  dependents: {
    [TARGET_GROUP_KIND]: (ctx, arn) =>
      Object.values(listeners(ctx))
        .filter((l) => l.targetGroupArns.includes(arn))
        .map((l) => l.id),
  },
  handlers: {
    'ElasticLoadBalancingV2:CreateListener': defineHandler<CreateListenerCommandInput, CreateListenerCommandOutput>((ctx, input) => {
      const lb = requireLoadBalancer(ctx, input.LoadBalancerArn);
      validatePortProtocol(ctx, input.Port, input.Protocol);
      const targetGroupArns = forwardTargets(ctx, lb.vpcId, input.DefaultActions);
      const defaultActions = toJsonSafe(input.DefaultActions);
      const existing = Object.values(listeners(ctx)).find((l) => l.loadBalancerArn === lb.id && l.port === input.Port);
      if (existing) {
        if (existing.protocol === input.Protocol && stableSettings(existing.defaultActions) === stableSettings(defaultActions)) {
          return { Listeners: [toListener(existing)] };
        }
        throw ctx.error('DuplicateListener', 'A listener already exists on this port for this load balancer');
      }
      const [, , lbName, lbHex] = lb.id.slice(lb.id.indexOf(':loadbalancer/') + 1).split('/');
      const record: ListenerRecord = {
        id: elbArn(ctx, `listener/net/${lbName!}/${lbHex!}/${ctx.randomHex(16)}`),
        createdAt: ctx.now,
        tags: mergeTags(ctx, {}, input.Tags),
        loadBalancerArn: lb.id,
        port: input.Port!,
        protocol: input.Protocol!,
        defaultActions,
        targetGroupArns,
      };
      listeners(ctx)[record.id] = record;
      return { Listeners: [toListener(record)] };
    }),

    'ElasticLoadBalancingV2:DescribeListeners': defineHandler<DescribeListenersCommandInput, DescribeListenersCommandOutput>((ctx, input) => {
      const arns = input.ListenerArns ?? [];
      if (!input.LoadBalancerArn && arns.length === 0) throw validationError(ctx, 'You must specify either listener ARNs or a load balancer ARN');
      let candidates: ListenerRecord[];
      if (arns.length > 0) candidates = [...new Set(arns)].map((arn) => requireListener(ctx, arn));
      else {
        const lb = requireLoadBalancer(ctx, input.LoadBalancerArn);
        candidates = Object.values(listeners(ctx)).filter((l) => l.loadBalancerArn === lb.id && ctx.isVisible(l));
      }
      const { page, nextMarker } = markerPage(ctx, candidates, input);
      return { Listeners: page.map(toListener), NextMarker: nextMarker };
    }),

    'ElasticLoadBalancingV2:ModifyListener': defineHandler<ModifyListenerCommandInput, ModifyListenerCommandOutput>((ctx, input) => {
      const record = requireListener(ctx, input.ListenerArn);
      const lb = requireLoadBalancer(ctx, record.loadBalancerArn);
      const port = input.Port ?? record.port;
      const protocol = input.Protocol ?? record.protocol;
      validatePortProtocol(ctx, port, protocol);
      const clash = Object.values(listeners(ctx)).find((l) => l.loadBalancerArn === lb.id && l.port === port && l.id !== record.id);
      if (clash) throw ctx.error('DuplicateListener', 'A listener already exists on this port for this load balancer');
      if (input.DefaultActions) {
        record.targetGroupArns = forwardTargets(ctx, lb.vpcId, input.DefaultActions);
        record.defaultActions = toJsonSafe(input.DefaultActions);
      }
      record.port = port;
      record.protocol = protocol;
      return { Listeners: [toListener(record)] };
    }),

    'ElasticLoadBalancingV2:DeleteListener': defineHandler<DeleteListenerCommandInput, DeleteListenerCommandOutput>((ctx, input) => {
      const record = requireListener(ctx, input.ListenerArn);
      delete listeners(ctx)[record.id];
      return {};
    }),
  },
};
