/**
 * ELBv2 target groups: CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup,
 * RegisterTargets, DeregisterTargets, DescribeTargetHealth.
 *
 * References (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/):
 * - API_CreateTargetGroup.html: idempotent like CreateLoadBalancer ("If you attempt to create multiple
 *   target groups with the same settings, each call succeeds"); same name, other settings:
 *   `DuplicateTargetGroupName`. TargetType default `instance`; for `ip` the VpcId is required. Health
 *   check defaults for TCP target groups (NLB): TCP on `traffic-port`, interval 30 s, timeout 10 s,
 *   healthy threshold 5, unhealthy threshold 2
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html).
 * - API_DescribeTargetGroups.html: TargetGroupArns, Names, LoadBalancerArn (the target groups its
 *   listeners forward to), PageSize 1–400, Marker; unknown → `TargetGroupNotFound`.
 * - API_ModifyTargetGroup.html: health check settings only (docs/aws-behaviour.md 2f).
 * - API_DeleteTargetGroup.html: `ResourceInUse` while a listener forwards to it (declared by
 *   `listener.ts` under {@link TARGET_GROUP_KIND}); its only documented error, so an unknown ARN succeeds.
 * - API_TargetHealth.html: `initial` (Elb.RegistrationInProgress) → `healthy` (here after
 *   `asyncDelayMs`), `unused` (Target.NotInUse) while no load balancer uses the group. Deregistered
 *   targets disappear at once (AWS shows `draining` for the deregistration delay; not simulated).
 */
import type {
  CreateTargetGroupCommandInput,
  CreateTargetGroupCommandOutput,
  DeleteTargetGroupCommandInput,
  DeleteTargetGroupCommandOutput,
  DeregisterTargetsCommandInput,
  DeregisterTargetsCommandOutput,
  DescribeTargetGroupsCommandInput,
  DescribeTargetGroupsCommandOutput,
  DescribeTargetHealthCommandInput,
  DescribeTargetHealthCommandOutput,
  ModifyTargetGroupCommandInput,
  ModifyTargetGroupCommandOutput,
  RegisterTargetsCommandInput,
  RegisterTargetsCommandOutput,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import {
  elbArn,
  listeners,
  markerPage,
  mergeTags,
  stableSettings,
  targetGroups,
  validateName,
  validationError,
  type TargetGroupRecord,
} from './common.js';
import { requireLoadBalancer } from './load-balancer.js';
import { usableVpcs } from '../ec2/shared-vpc.js';
import { asyncDelayFor } from '../options.js';

/** `ctx.dependentsOf(TARGET_GROUP_KIND, arn)`: what keeps DeleteTargetGroup from succeeding. */
export const TARGET_GROUP_KIND = 'elbv2:targetgroup';

export function requireTargetGroup(ctx: HandlerContext, arn: string | undefined): TargetGroupRecord {
  const record = arn ? targetGroups(ctx)[arn] : undefined;
  if (!record || !ctx.isVisible(record)) throw ctx.error('TargetGroupNotFound', `Target groups '${arn ?? ''}' not found`);
  return record;
}

/** Load balancers whose listeners forward to the target group. */
function loadBalancersOf(ctx: HandlerContext, arn: string): string[] {
  return [...new Set(Object.values(listeners(ctx)).filter((l) => l.targetGroupArns.includes(arn)).map((l) => l.loadBalancerArn))];
}

function toTargetGroup(ctx: HandlerContext, record: TargetGroupRecord): TargetGroup {
  const h = record.healthCheck;
  return {
    TargetGroupArn: record.id,
    TargetGroupName: record.name,
    Protocol: record.protocol as TargetGroup['Protocol'],
    Port: record.port,
    VpcId: record.vpcId,
    HealthCheckProtocol: h.protocol as TargetGroup['HealthCheckProtocol'],
    HealthCheckPort: h.port,
    HealthCheckEnabled: h.enabled,
    HealthCheckIntervalSeconds: h.intervalSeconds,
    HealthCheckTimeoutSeconds: h.timeoutSeconds,
    HealthyThresholdCount: h.healthyThresholdCount,
    UnhealthyThresholdCount: h.unhealthyThresholdCount,
    ...(h.path !== undefined ? { HealthCheckPath: h.path } : {}),
    ...(h.matcher !== undefined ? { Matcher: { HttpCode: h.matcher } } : {}),
    LoadBalancerArns: loadBalancersOf(ctx, record.id),
    TargetType: record.targetType as TargetGroup['TargetType'],
    IpAddressType: 'ipv4',
  };
}

type HealthCheckInput = Pick<
  CreateTargetGroupCommandInput,
  | 'HealthCheckProtocol'
  | 'HealthCheckPort'
  | 'HealthCheckEnabled'
  | 'HealthCheckIntervalSeconds'
  | 'HealthCheckTimeoutSeconds'
  | 'HealthyThresholdCount'
  | 'UnhealthyThresholdCount'
  | 'HealthCheckPath'
  | 'Matcher'
>;

function healthCheck(ctx: HandlerContext, input: HealthCheckInput, base: TargetGroupRecord['healthCheck']): TargetGroupRecord['healthCheck'] {
  const next = {
    protocol: input.HealthCheckProtocol ?? base.protocol,
    port: input.HealthCheckPort ?? base.port,
    enabled: input.HealthCheckEnabled ?? base.enabled,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.timeoutSeconds,
    healthyThresholdCount: input.HealthyThresholdCount ?? base.healthyThresholdCount,
    unhealthyThresholdCount: input.UnhealthyThresholdCount ?? base.unhealthyThresholdCount,
    ...(input.HealthCheckPath ?? base.path ? { path: input.HealthCheckPath ?? base.path } : {}),
    ...(input.Matcher?.HttpCode ?? base.matcher ? { matcher: input.Matcher?.HttpCode ?? base.matcher } : {}),
  };
  if (next.intervalSeconds < 5 || next.intervalSeconds > 300) throw validationError(ctx, 'Health check interval must be between 5 and 300 seconds');
  if (next.timeoutSeconds < 2 || next.timeoutSeconds > 120) throw validationError(ctx, 'Health check timeout must be between 2 and 120 seconds');
  for (const count of [next.healthyThresholdCount, next.unhealthyThresholdCount]) {
    if (count < 2 || count > 10) throw validationError(ctx, 'Health check threshold counts must be between 2 and 10');
  }
  return next;
}

const TCP_HEALTH_DEFAULTS: TargetGroupRecord['healthCheck'] = {
  protocol: 'TCP',
  port: 'traffic-port',
  enabled: true,
  intervalSeconds: 30,
  timeoutSeconds: 10,
  healthyThresholdCount: 5,
  unhealthyThresholdCount: 2,
};

export const targetGroupModule: SimModule = {
  name: 'elbv2/target-group',
  handlers: {
    'ElasticLoadBalancingV2:CreateTargetGroup': defineHandler<CreateTargetGroupCommandInput, CreateTargetGroupCommandOutput>((ctx, input) => {
      const name = validateName(ctx, 'target group', input.Name);
      const targetType = input.TargetType ?? 'instance';
      if (!input.Protocol || input.Port === undefined) throw validationError(ctx, 'A protocol and a port must be specified');
      if (input.Port < 1 || input.Port > 65535) throw validationError(ctx, 'Port must be between 1 and 65535');
      if (!input.VpcId) throw validationError(ctx, 'A VPC ID must be specified');
      const vpc = usableVpcs(ctx)[input.VpcId];
      if (!vpc || !ctx.isVisible(vpc)) throw validationError(ctx, `The VPC ID '${input.VpcId}' is not found`);
      const settings = {
        protocol: input.Protocol,
        port: input.Port,
        vpcId: input.VpcId,
        targetType,
        healthCheck: healthCheck(ctx, input, input.Protocol === 'TCP' || input.Protocol === 'TLS' || input.Protocol === 'UDP' || input.Protocol === 'TCP_UDP' ? TCP_HEALTH_DEFAULTS : { ...TCP_HEALTH_DEFAULTS, protocol: input.Protocol, path: '/' }),
      };
      const existing = Object.values(targetGroups(ctx)).find((r) => r.name === name);
      if (existing) {
        const { protocol, port, vpcId, targetType: type, healthCheck: check } = existing;
        if (stableSettings({ protocol, port, vpcId, targetType: type, healthCheck: check }) !== stableSettings(settings)) {
          throw ctx.error('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`);
        }
        return { TargetGroups: [toTargetGroup(ctx, existing)] };
      }
      const record: TargetGroupRecord = {
        id: elbArn(ctx, `targetgroup/${name}/${ctx.randomHex(16)}`),
        createdAt: ctx.now,
        tags: mergeTags(ctx, {}, input.Tags),
        name,
        ...settings,
        targets: {},
      };
      targetGroups(ctx)[record.id] = record;
      return { TargetGroups: [toTargetGroup(ctx, record)] };
    }),

    'ElasticLoadBalancingV2:DescribeTargetGroups': defineHandler<DescribeTargetGroupsCommandInput, DescribeTargetGroupsCommandOutput>((ctx, input) => {
      const visible = Object.values(targetGroups(ctx)).filter((r) => ctx.isVisible(r));
      let candidates = visible;
      if (input.LoadBalancerArn) {
        requireLoadBalancer(ctx, input.LoadBalancerArn);
        candidates = candidates.filter((r) => loadBalancersOf(ctx, r.id).includes(input.LoadBalancerArn!));
      }
      if ((input.TargetGroupArns ?? []).length > 0) candidates = [...new Set(input.TargetGroupArns)].map((arn) => requireTargetGroup(ctx, arn));
      if ((input.Names ?? []).length > 0) {
        candidates = [...new Set(input.Names)].map((n) => {
          const found = visible.find((r) => r.name === n);
          if (!found) throw ctx.error('TargetGroupNotFound', `One or more target groups not found`);
          return found;
        });
      }
      const { page, nextMarker } = markerPage(ctx, candidates, input);
      return { TargetGroups: page.map((r) => toTargetGroup(ctx, r)), NextMarker: nextMarker };
    }),

    'ElasticLoadBalancingV2:ModifyTargetGroup': defineHandler<ModifyTargetGroupCommandInput, ModifyTargetGroupCommandOutput>((ctx, input) => {
      const record = requireTargetGroup(ctx, input.TargetGroupArn);
      record.healthCheck = healthCheck(ctx, input, record.healthCheck);
      return { TargetGroups: [toTargetGroup(ctx, record)] };
    }),

    'ElasticLoadBalancingV2:DeleteTargetGroup': defineHandler<DeleteTargetGroupCommandInput, DeleteTargetGroupCommandOutput>((ctx, input) => {
      const arn = input.TargetGroupArn ?? '';
      if (!targetGroups(ctx)[arn]) return {};
      if (ctx.dependentsOf(TARGET_GROUP_KIND, arn).length > 0) {
        throw ctx.error('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`);
      }
      delete targetGroups(ctx)[arn];
      return {};
    }),

    'ElasticLoadBalancingV2:RegisterTargets': defineHandler<RegisterTargetsCommandInput, RegisterTargetsCommandOutput>((ctx, input) => {
      const record = requireTargetGroup(ctx, input.TargetGroupArn);
      for (const target of input.Targets ?? []) {
        if (!target.Id) throw validationError(ctx, 'A target ID must be specified');
        const port = target.Port ?? record.port;
        record.targets[`${target.Id}:${port}`] ??= { id: target.Id, port, registeredAt: ctx.now };
      }
      return {};
    }),

    'ElasticLoadBalancingV2:DeregisterTargets': defineHandler<DeregisterTargetsCommandInput, DeregisterTargetsCommandOutput>((ctx, input) => {
      const record = requireTargetGroup(ctx, input.TargetGroupArn);
      for (const target of input.Targets ?? []) delete record.targets[`${target.Id ?? ''}:${target.Port ?? record.port}`];
      return {};
    }),

    'ElasticLoadBalancingV2:DescribeTargetHealth': defineHandler<DescribeTargetHealthCommandInput, DescribeTargetHealthCommandOutput>((ctx, input) => {
      const record = requireTargetGroup(ctx, input.TargetGroupArn);
      const used = loadBalancersOf(ctx, record.id).length > 0;
      const wanted = input.Targets?.map((t) => `${t.Id ?? ''}:${t.Port ?? record.port}`);
      const descriptions: TargetHealthDescription[] = [];
      for (const key of wanted ?? Object.keys(record.targets)) {
        const target = record.targets[key];
        const [id, port] = key.split(':');
        if (!target) {
          descriptions.push({ Target: { Id: id, Port: Number(port) }, TargetHealth: { State: 'unavailable', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' } });
          continue;
        }
        const settled = ctx.now >= target.registeredAt + (asyncDelayFor(ctx.options, 'elbv2:target'));
        descriptions.push({
          Target: { Id: target.id, Port: target.port },
          HealthCheckPort: record.healthCheck.port === 'traffic-port' ? String(target.port) : record.healthCheck.port,
          TargetHealth: !used
            ? { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' }
            : settled
              ? { State: 'healthy' }
              : { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
        });
      }
      return { TargetHealthDescriptions: descriptions };
    }),
  },
};
