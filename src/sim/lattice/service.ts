/**
 * VPC Lattice services, listeners, target groups and targets: Create/Get/List/Update/DeleteService,
 * Create/Get/List/Update/DeleteListener, Create/Get/List/Update/DeleteTargetGroup, RegisterTargets,
 * DeregisterTargets, ListTargets.
 *
 * References (https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - API_CreateService.html: `name` 3–40 unique per account, `authType`, `certificateArn`,
 *   `customDomainName`; status CREATE_IN_PROGRESS → ACTIVE; `dnsEntry`
 *   (`<name>-<id hex>.<7 hex>.vpc-lattice-svcs.<region>.on.aws`). UpdateService: authType,
 *   certificateArn. DeleteService → DELETE_IN_PROGRESS. A service with service network associations
 *   cannot be deleted (ConflictException, **unconfirmed** message).
 * - API_CreateListener.html: protocol HTTP | HTTPS | TLS_PASSTHROUGH (ListenerProtocol enum; no TCP),
 *   `port` 1–65535 (default 80 for HTTP, 443 otherwise), `defaultAction` forward | fixedResponse.
 *   Quota: 2 listeners per service (docs.aws.amazon.com/vpc-lattice/latest/ug/quotas.html) →
 *   ServiceQuotaExceededException. Listeners have no status. UpdateListener: defaultAction only.
 * - API_CreateTargetGroup.html: `type` IP | INSTANCE | LAMBDA | ALB; `config` (port, protocol,
 *   vpcIdentifier, healthCheck…) required except for LAMBDA; status CREATE_IN_PROGRESS → ACTIVE.
 *   UpdateTargetGroup: healthCheck only. A target group a listener forwards to cannot be deleted
 *   (ConflictException, **unconfirmed**).
 * - API_RegisterTargets.html / API_ListTargets.html: targets `{ id, port }`, status INITIAL → HEALTHY
 *   (the simulation has no health checks: HEALTHY after asyncDelayMs; UNAVAILABLE when the health
 *   check is disabled).
 */
import type {
  CreateListenerCommandInput,
  CreateListenerCommandOutput,
  CreateServiceCommandInput,
  CreateServiceCommandOutput,
  CreateTargetGroupCommandInput,
  CreateTargetGroupCommandOutput,
  DeleteListenerCommandInput,
  DeleteListenerCommandOutput,
  DeleteServiceCommandInput,
  DeleteServiceCommandOutput,
  DeleteTargetGroupCommandInput,
  DeleteTargetGroupCommandOutput,
  DeregisterTargetsCommandInput,
  DeregisterTargetsCommandOutput,
  GetListenerCommandInput,
  GetListenerCommandOutput,
  GetServiceCommandInput,
  GetServiceCommandOutput,
  GetTargetGroupCommandInput,
  GetTargetGroupCommandOutput,
  HealthCheckConfig,
  ListListenersCommandInput,
  ListListenersCommandOutput,
  ListServicesCommandInput,
  ListServicesCommandOutput,
  ListTargetGroupsCommandInput,
  ListTargetGroupsCommandOutput,
  ListTargetsCommandInput,
  ListTargetsCommandOutput,
  RegisterTargetsCommandInput,
  RegisterTargetsCommandOutput,
  RuleAction,
  TargetGroupConfig,
  UpdateListenerCommandInput,
  UpdateListenerCommandOutput,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
  UpdateTargetGroupCommandInput,
  UpdateTargetGroupCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { usableVpcs } from '../ec2/shared-vpc.js';
import { latticeError } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import {
  conflict,
  create,
  exists,
  latticeCollection,
  live,
  newRecord,
  notFound,
  paginate,
  requireUniqueName,
  resolve,
  statusOf,
  validateName,
  validateTags,
  validation,
  type LatticeRecord,
} from './common.js';
import { asyncDelayFor } from '../options.js';

export const SERVICE_KIND = 'vpc-lattice:service';
export const TARGET_GROUP_KIND = 'vpc-lattice:targetgroup';
export const LISTENERS_PER_SERVICE = 2;

export interface ServiceRecord extends LatticeRecord {
  authType: 'NONE' | 'AWS_IAM';
  certificateArn?: string;
  customDomainName?: string;
  dnsDomain: string;
}

export interface ListenerRecord extends LatticeRecord {
  serviceId: string;
  serviceArn: string;
  protocol: 'HTTP' | 'HTTPS' | 'TLS_PASSTHROUGH';
  port: number;
  defaultAction: RuleAction;
}

export interface TargetRecord {
  id: string;
  port: number;
  registeredAt: number;
}

export interface TargetGroupRecord extends LatticeRecord {
  type: 'IP' | 'INSTANCE' | 'LAMBDA' | 'ALB';
  config: TargetGroupConfig;
  targets: TargetRecord[];
}

export function services(ctx: HandlerContext): Record<string, ServiceRecord> {
  return latticeCollection<ServiceRecord>(ctx, 'services');
}

export function resolveService(ctx: HandlerContext, identifier: string | undefined): ServiceRecord {
  return resolve<ServiceRecord>(ctx, 'services', 'SERVICE', identifier);
}

export function resolveTargetGroup(ctx: HandlerContext, identifier: string | undefined): TargetGroupRecord {
  return resolve<TargetGroupRecord>(ctx, 'targetGroups', 'TARGET_GROUP', identifier);
}

function resolveListener(ctx: HandlerContext, service: ServiceRecord, identifier: string | undefined): ListenerRecord {
  if (!identifier) throw validation('listenerIdentifier is required', 'listenerIdentifier');
  const id = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
  const listener = latticeCollection<ListenerRecord>(ctx, 'listeners')[id];
  if (!exists(ctx, listener) || listener.serviceId !== service.id) throw notFound(identifier, 'LISTENER');
  return listener;
}

function authType(value: string | undefined): 'NONE' | 'AWS_IAM' {
  if (value === undefined || value === 'NONE' || value === 'AWS_IAM') return value ?? 'NONE';
  throw validation('authType must be NONE or AWS_IAM', 'authType');
}

function serviceOutput(ctx: HandlerContext, s: ServiceRecord) {
  return {
    id: s.id,
    arn: s.arn,
    name: s.name,
    status: statusOf(ctx, s),
    authType: s.authType,
    ...(s.certificateArn ? { certificateArn: s.certificateArn } : {}),
    ...(s.customDomainName ? { customDomainName: s.customDomainName } : {}),
    dnsEntry: { domainName: s.dnsDomain, hostedZoneId: 'Z03252882Q0FYMEX3A5M2' },
  };
}

function validateAction(ctx: HandlerContext, action: RuleAction | undefined): RuleAction {
  if (action?.forward) {
    const groups = action.forward.targetGroups ?? [];
    if (groups.length === 0 || groups.length > 10) throw validation('forward needs 1-10 target groups', 'defaultAction');
    return { forward: { targetGroups: groups.map((g) => ({ targetGroupIdentifier: resolveTargetGroup(ctx, g.targetGroupIdentifier).id, weight: g.weight ?? 100 })) } };
  }
  if (action?.fixedResponse) {
    const code = action.fixedResponse.statusCode;
    if (code === undefined || code < 100 || code > 599) throw validation('fixedResponse.statusCode must be 100-599', 'defaultAction');
    return { fixedResponse: { statusCode: code } };
  }
  throw validation('defaultAction needs forward or fixedResponse', 'defaultAction');
}

function validateHealthCheck(healthCheck: HealthCheckConfig | undefined): HealthCheckConfig | undefined {
  if (!healthCheck) return undefined;
  const interval = healthCheck.healthCheckIntervalSeconds;
  if (interval !== undefined && (interval < 5 || interval > 300)) throw validation('healthCheckIntervalSeconds must be 5-300', 'healthCheck');
  return { ...healthCheck };
}

function targetGroupOutput(ctx: HandlerContext, g: TargetGroupRecord) {
  return { id: g.id, arn: g.arn, name: g.name, type: g.type, config: structuredClone(g.config), status: statusOf(ctx, g) };
}

function listenersOf(ctx: HandlerContext, serviceId: string): ListenerRecord[] {
  return live<ListenerRecord>(ctx, 'listeners').filter((l) => l.serviceId === serviceId);
}

function listenerOutput(l: ListenerRecord) {
  return { arn: l.arn, id: l.id, name: l.name, protocol: l.protocol, port: l.port, serviceArn: l.serviceArn, serviceId: l.serviceId, defaultAction: structuredClone(l.defaultAction) };
}

export const serviceModule: SimModule = {
  name: 'lattice/service',
  handlers: {
    'VPCLattice:CreateService': defineHandler<CreateServiceCommandInput, CreateServiceCommandOutput>((ctx, input) =>
      create(ctx, input, () => {
        const name = validateName(input.name, 3, 40, 'svc-');
        const tags = validateTags(input.tags);
        const auth = authType(input.authType);
        requireUniqueName(ctx, 'services', 'SERVICE', name);
        const base = newRecord(ctx, 'svc', name, tags);
        const record: ServiceRecord = {
          ...base,
          authType: auth,
          ...(input.certificateArn ? { certificateArn: input.certificateArn } : {}),
          ...(input.customDomainName ? { customDomainName: input.customDomainName } : {}),
          dnsDomain: `${name}-${base.id.slice(4)}.${ctx.randomHex(7)}.vpc-lattice-svcs.${ctx.region}.on.aws`,
        };
        services(ctx)[record.id] = record;
        return serviceOutput(ctx, record);
      }),
    ),

    'VPCLattice:GetService': defineHandler<GetServiceCommandInput, GetServiceCommandOutput>((ctx, input) => {
      const s = resolveService(ctx, input.serviceIdentifier);
      return { ...serviceOutput(ctx, s), createdAt: new Date(s.createdAt), lastUpdatedAt: new Date(s.updatedAt) };
    }),

    'VPCLattice:ListServices': defineHandler<ListServicesCommandInput, ListServicesCommandOutput>((ctx, input) => {
      const { page, nextToken } = paginate(ctx, live<ServiceRecord>(ctx, 'services'), (s) => s.id, input);
      return {
        items: page.map((s) => {
          const { authType: _auth, certificateArn: _cert, ...rest } = serviceOutput(ctx, s) as ReturnType<typeof serviceOutput> & { certificateArn?: string };
          return { ...rest, createdAt: new Date(s.createdAt), lastUpdatedAt: new Date(s.updatedAt) };
        }),
        nextToken,
      };
    }),

    'VPCLattice:UpdateService': defineHandler<UpdateServiceCommandInput, UpdateServiceCommandOutput>((ctx, input) => {
      const s = resolveService(ctx, input.serviceIdentifier);
      if (input.authType !== undefined) s.authType = authType(input.authType);
      if (input.certificateArn !== undefined) s.certificateArn = input.certificateArn;
      s.updatedAt = ctx.now;
      const { status: _status, dnsEntry: _dns, ...output } = serviceOutput(ctx, s);
      return output;
    }),

    'VPCLattice:DeleteService': defineHandler<DeleteServiceCommandInput, DeleteServiceCommandOutput>((ctx, input) => {
      const s = resolveService(ctx, input.serviceIdentifier);
      const associations = live<LatticeRecord & { serviceId: string }>(ctx, 'serviceAssociations').filter((a) => a.serviceId === s.id);
      if (associations.length > 0) throw conflict(s.id, 'SERVICE', `Service ${s.id} is associated with service networks`);
      if (s.deletedAt === undefined) s.deletedAt = ctx.now;
      for (const listener of listenersOf(ctx, s.id)) listener.deletedAt = ctx.now - (asyncDelayFor(ctx.options, 'lattice'));
      return { id: s.id, arn: s.arn, name: s.name, status: statusOf(ctx, s) };
    }),

    'VPCLattice:CreateListener': defineHandler<CreateListenerCommandInput, CreateListenerCommandOutput>((ctx, input) =>
      create(ctx, input, () => {
        const service = resolveService(ctx, input.serviceIdentifier);
        const name = validateName(input.name, 3, 63, 'listener-');
        const tags = validateTags(input.tags);
        const protocol = input.protocol;
        if (protocol !== 'HTTP' && protocol !== 'HTTPS' && protocol !== 'TLS_PASSTHROUGH') {
          throw validation('protocol must be HTTP, HTTPS or TLS_PASSTHROUGH', 'protocol');
        }
        const port = input.port ?? (protocol === 'HTTP' ? 80 : 443);
        if (port < 1 || port > 65535) throw validation('port must be 1-65535', 'port');
        const defaultAction = validateAction(ctx, input.defaultAction);
        const siblings = listenersOf(ctx, service.id);
        const clash = siblings.find((l) => l.name === name || l.port === port);
        if (clash) throw conflict(clash.id, 'LISTENER', `Listener ${clash.id} already uses that name or port on ${service.id}`);
        if (siblings.length >= LISTENERS_PER_SERVICE) {
          throw latticeError('ServiceQuotaExceededException', `At most ${LISTENERS_PER_SERVICE} listeners per service`, 402, {
            resourceType: 'LISTENER',
            serviceCode: 'vpc-lattice',
            quotaCode: 'L-listeners-per-service',
          });
        }
        const id = ctx.newId('listener');
        const record: ListenerRecord = {
          id,
          arn: `${service.arn}/listener/${id}`,
          name,
          createdAt: ctx.now,
          updatedAt: ctx.now,
          tags,
          serviceId: service.id,
          serviceArn: service.arn,
          protocol,
          port,
          defaultAction,
        };
        latticeCollection<ListenerRecord>(ctx, 'listeners')[id] = record;
        return listenerOutput(record);
      }),
    ),

    'VPCLattice:GetListener': defineHandler<GetListenerCommandInput, GetListenerCommandOutput>((ctx, input) => {
      const l = resolveListener(ctx, resolveService(ctx, input.serviceIdentifier), input.listenerIdentifier);
      return { ...listenerOutput(l), createdAt: new Date(l.createdAt), lastUpdatedAt: new Date(l.updatedAt) };
    }),

    'VPCLattice:ListListeners': defineHandler<ListListenersCommandInput, ListListenersCommandOutput>((ctx, input) => {
      const service = resolveService(ctx, input.serviceIdentifier);
      const { page, nextToken } = paginate(ctx, listenersOf(ctx, service.id), (l) => l.id, input);
      return {
        items: page.map((l) => ({ arn: l.arn, id: l.id, name: l.name, protocol: l.protocol, port: l.port, createdAt: new Date(l.createdAt), lastUpdatedAt: new Date(l.updatedAt) })),
        nextToken,
      };
    }),

    'VPCLattice:UpdateListener': defineHandler<UpdateListenerCommandInput, UpdateListenerCommandOutput>((ctx, input) => {
      const l = resolveListener(ctx, resolveService(ctx, input.serviceIdentifier), input.listenerIdentifier);
      l.defaultAction = validateAction(ctx, input.defaultAction);
      l.updatedAt = ctx.now;
      return listenerOutput(l);
    }),

    'VPCLattice:DeleteListener': defineHandler<DeleteListenerCommandInput, DeleteListenerCommandOutput>((ctx, input) => {
      const l = resolveListener(ctx, resolveService(ctx, input.serviceIdentifier), input.listenerIdentifier);
      // Listeners have no status: the delete takes effect at once.
      delete latticeCollection<ListenerRecord>(ctx, 'listeners')[l.id];
      return {};
    }),

    'VPCLattice:CreateTargetGroup': defineHandler<CreateTargetGroupCommandInput, CreateTargetGroupCommandOutput>((ctx, input) =>
      create(ctx, input, () => {
        const name = validateName(input.name, 3, 128, 'tg-');
        const tags = validateTags(input.tags);
        const type = input.type;
        if (type !== 'IP' && type !== 'INSTANCE' && type !== 'LAMBDA' && type !== 'ALB') throw validation('type must be IP, INSTANCE, LAMBDA or ALB', 'type');
        let config: TargetGroupConfig = {};
        if (type !== 'LAMBDA') {
          const given = input.config;
          if (!given?.vpcIdentifier) throw validation('config.vpcIdentifier is required', 'config');
          // A VPC of this account or one shared with it (VPC sharing: a participant creates its target
          // groups in the owner's VPC, as with ELBv2's; **unconfirmed** for Lattice, docs/aws-behaviour.md §5g).
          const vpc = usableVpcs(ctx)[given.vpcIdentifier];
          if (!vpc || !ctx.isVisible(vpc)) throw notFound(given.vpcIdentifier, 'VPC');
          const protocol = given.protocol;
          if (protocol !== 'HTTP' && protocol !== 'HTTPS' && protocol !== 'TCP') throw validation('config.protocol must be HTTP, HTTPS or TCP', 'config');
          const port = given.port ?? (protocol === 'HTTP' ? 80 : 443);
          if (port < 1 || port > 65535) throw validation('config.port must be 1-65535', 'config');
          config = {
            port,
            protocol,
            vpcIdentifier: given.vpcIdentifier,
            ...(type === 'IP' ? { ipAddressType: given.ipAddressType ?? 'IPV4' } : {}),
            ...(given.protocolVersion ? { protocolVersion: given.protocolVersion } : protocol !== 'TCP' ? { protocolVersion: 'HTTP1' } : {}),
            ...(given.healthCheck ? { healthCheck: validateHealthCheck(given.healthCheck)! } : {}),
          };
        }
        requireUniqueName(ctx, 'targetGroups', 'TARGET_GROUP', name);
        const record: TargetGroupRecord = { ...newRecord(ctx, 'tg', name, tags), type, config, targets: [] };
        latticeCollection<TargetGroupRecord>(ctx, 'targetGroups')[record.id] = record;
        return targetGroupOutput(ctx, record);
      }),
    ),

    'VPCLattice:GetTargetGroup': defineHandler<GetTargetGroupCommandInput, GetTargetGroupCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      const serviceArns = live<ListenerRecord>(ctx, 'listeners')
        .filter((l) => l.defaultAction.forward?.targetGroups?.some((t) => t.targetGroupIdentifier === g.id))
        .map((l) => l.serviceArn);
      return { ...targetGroupOutput(ctx, g), createdAt: new Date(g.createdAt), lastUpdatedAt: new Date(g.updatedAt), serviceArns: [...new Set(serviceArns)] };
    }),

    'VPCLattice:ListTargetGroups': defineHandler<ListTargetGroupsCommandInput, ListTargetGroupsCommandOutput>((ctx, input) => {
      const groups = live<TargetGroupRecord>(ctx, 'targetGroups').filter(
        (g) => (input.vpcIdentifier === undefined || g.config.vpcIdentifier === input.vpcIdentifier) && (input.targetGroupType === undefined || g.type === input.targetGroupType),
      );
      const { page, nextToken } = paginate(ctx, groups, (g) => g.id, input);
      return {
        items: page.map((g) => ({
          id: g.id,
          arn: g.arn,
          name: g.name,
          type: g.type,
          status: statusOf(ctx, g),
          createdAt: new Date(g.createdAt),
          lastUpdatedAt: new Date(g.updatedAt),
          ...(g.config.port !== undefined ? { port: g.config.port } : {}),
          ...(g.config.protocol ? { protocol: g.config.protocol } : {}),
          ...(g.config.vpcIdentifier ? { vpcIdentifier: g.config.vpcIdentifier } : {}),
        })),
        nextToken,
      };
    }),

    'VPCLattice:UpdateTargetGroup': defineHandler<UpdateTargetGroupCommandInput, UpdateTargetGroupCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      if (!input.healthCheck) throw validation('healthCheck is required', 'healthCheck');
      g.config = { ...g.config, healthCheck: { ...(g.config.healthCheck ?? {}), ...validateHealthCheck(input.healthCheck) } };
      g.updatedAt = ctx.now;
      return targetGroupOutput(ctx, g);
    }),

    'VPCLattice:DeleteTargetGroup': defineHandler<DeleteTargetGroupCommandInput, DeleteTargetGroupCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      const users = live<ListenerRecord>(ctx, 'listeners').filter((l) => l.defaultAction.forward?.targetGroups?.some((t) => t.targetGroupIdentifier === g.id));
      if (users.length > 0) throw conflict(g.id, 'TARGET_GROUP', `Target group ${g.id} is in use by listener(s) ${users.map((l) => l.id).join(', ')}`);
      if (g.deletedAt === undefined) g.deletedAt = ctx.now;
      return { id: g.id, arn: g.arn, status: statusOf(ctx, g) };
    }),

    'VPCLattice:RegisterTargets': defineHandler<RegisterTargetsCommandInput, RegisterTargetsCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      const targets = input.targets ?? [];
      if (targets.length < 1 || targets.length > 100) throw validation('targets must hold 1-100 targets', 'targets');
      const successful = [];
      for (const target of targets) {
        if (!target.id) throw validation('target id is required', 'targets');
        const port = target.port ?? g.config.port ?? 80;
        if (!g.targets.some((t) => t.id === target.id && t.port === port)) g.targets.push({ id: target.id, port, registeredAt: ctx.now });
        successful.push({ id: target.id, port });
      }
      return { successful, unsuccessful: [] };
    }),

    'VPCLattice:DeregisterTargets': defineHandler<DeregisterTargetsCommandInput, DeregisterTargetsCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      const successful = [];
      for (const target of input.targets ?? []) {
        const port = target.port ?? g.config.port ?? 80;
        g.targets = g.targets.filter((t) => !(t.id === target.id && t.port === port));
        successful.push({ id: target.id, port });
      }
      return { successful, unsuccessful: [] };
    }),

    'VPCLattice:ListTargets': defineHandler<ListTargetsCommandInput, ListTargetsCommandOutput>((ctx, input) => {
      const g = resolveTargetGroup(ctx, input.targetGroupIdentifier);
      const wanted = input.targets;
      const rows = g.targets.filter((t) => !wanted || wanted.some((w) => w.id === t.id && (w.port === undefined || w.port === t.port)));
      const { page, nextToken } = paginate(ctx, rows, (t) => `${t.id}:${String(t.port).padStart(5, '0')}`, input);
      const checked = g.config.healthCheck?.enabled !== false;
      return {
        items: page.map((t) => ({
          id: t.id,
          port: t.port,
          status: !checked ? 'UNAVAILABLE' : ctx.now < t.registeredAt + (asyncDelayFor(ctx.options, 'lattice')) ? 'INITIAL' : 'HEALTHY',
        })),
        nextToken,
      };
    }),
  },
  taggedResources: (ctx) => [
    ...live<ServiceRecord>(ctx, 'services')
      .filter((s) => Object.keys(s.tags).length > 0)
      .map((s) => ({ arn: s.arn, resourceType: SERVICE_KIND, tags: s.tags })),
    ...live<TargetGroupRecord>(ctx, 'targetGroups')
      .filter((g) => Object.keys(g.tags).length > 0)
      .map((g) => ({ arn: g.arn, resourceType: TARGET_GROUP_KIND, tags: g.tags })),
  ],
};
