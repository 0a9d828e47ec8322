/** Pure builders for ECS services: desired spec → SDK inputs, SDK output → observed, the diff. */
import type { CreateServiceCommandInput, Service, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import { setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEcsTags, toEcsTags } from '../tags.js';
import { ECS_SERVICE, type EcsServiceOutputs, type EcsServiceSpec } from './type.js';

export const ECS_SERVICE_TYPE = ECS_SERVICE.name;

/** CreateService `clientToken`: "Up to 36 ASCII characters" (API_CreateService.html); the engine's is a 64-hex hash. */
export const clientTokenOf = (engineToken: string): string => engineToken.slice(0, 36);

const networkConfiguration = (spec: Pick<EcsServiceSpec, 'subnetIds' | 'securityGroupIds'>) => ({
  awsvpcConfiguration: { subnets: [...spec.subnetIds].sort(), securityGroups: [...spec.securityGroupIds].sort(), assignPublicIp: 'DISABLED' as const },
});

const loadBalancers = (spec: Pick<EcsServiceSpec, 'loadBalancers'>) =>
  spec.loadBalancers.map(({ targetGroupArn, containerName, containerPort }) => ({ targetGroupArn, containerName, containerPort }));

const latticeConfigurations = (spec: Pick<EcsServiceSpec, 'vpcLatticeConfigurations'>) =>
  (spec.vpcLatticeConfigurations ?? []).map(({ roleArn, targetGroupArn, portName }) => ({ roleArn, targetGroupArn, portName }));

export function createServiceInput(desired: Resolved<EcsServiceSpec>, clientToken: string): CreateServiceCommandInput {
  const { spec } = desired;
  return {
    cluster: spec.clusterArn,
    serviceName: spec.serviceName,
    taskDefinition: spec.taskDefinitionArn,
    desiredCount: spec.desiredCount,
    launchType: 'FARGATE',
    networkConfiguration: networkConfiguration(spec),
    loadBalancers: loadBalancers(spec),
    ...(spec.vpcLatticeConfigurations !== undefined && spec.vpcLatticeConfigurations.length > 0 ? { vpcLatticeConfigurations: latticeConfigurations(spec) } : {}),
    ...(spec.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds } : {}),
    tags: toEcsTags(desired.tags),
    propagateTags: 'SERVICE',
    clientToken: clientTokenOf(clientToken),
  };
}

/** One UpdateService with exactly the changed fields (never tags: UpdateService takes none). */
export function updateServiceInput(desired: Resolved<EcsServiceSpec>, live: Observed<EcsServiceSpec, EcsServiceOutputs>, changes: readonly FieldChange[]): UpdateServiceCommandInput | undefined {
  const changed = new Set(changes.map((change) => change.path));
  const input: UpdateServiceCommandInput = {
    cluster: live.spec.clusterArn ?? desired.spec.clusterArn,
    service: live.id,
    ...(changed.has('desiredCount') ? { desiredCount: desired.spec.desiredCount } : {}),
    ...(changed.has('taskDefinitionArn') ? { taskDefinition: desired.spec.taskDefinitionArn } : {}),
    ...(changed.has('subnetIds') || changed.has('securityGroupIds') ? { networkConfiguration: networkConfiguration(desired.spec) } : {}),
    ...(changed.has('loadBalancers') ? { loadBalancers: loadBalancers(desired.spec) } : {}),
    // An empty list removes the configurations (the tasks leave the Lattice target group).
    ...(changed.has('vpcLatticeConfigurations') ? { vpcLatticeConfigurations: latticeConfigurations(desired.spec) } : {}),
    ...(changed.has('healthCheckGracePeriodSeconds') && desired.spec.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: desired.spec.healthCheckGracePeriodSeconds }
      : {}),
  };
  return Object.keys(input).length > 2 ? input : undefined;
}

export function observedService(service: Service, scope: Scope): Observed<EcsServiceSpec, EcsServiceOutputs> {
  const tags = fromEcsTags(service.tags);
  const arn = service.serviceArn ?? '';
  const name = service.serviceName ?? '';
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  const lbs = (service.loadBalancers ?? []).map((lb) => ({ targetGroupArn: lb.targetGroupArn ?? '', containerName: lb.containerName ?? '', containerPort: lb.containerPort ?? 0 }));
  // The Service carries no Lattice configurations: its PRIMARY deployment does (API_Deployment.html `vpcLatticeConfigurations`).
  const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
  const lattice = (primary?.vpcLatticeConfigurations ?? [])
    .map((c) => ({ roleArn: c.roleArn ?? '', targetGroupArn: c.targetGroupArn ?? '', portName: c.portName ?? '' }));
  const spec: Partial<EcsServiceSpec> = {
    serviceName: name,
    clusterArn: service.clusterArn ?? '',
    taskDefinitionArn: service.taskDefinition ?? '',
    desiredCount: service.desiredCount ?? 0,
    subnetIds: [...(awsvpc?.subnets ?? [])].sort(),
    securityGroupIds: [...(awsvpc?.securityGroups ?? [])].sort(),
    loadBalancers: lbs,
    vpcLatticeConfigurations: lattice,
    ...(service.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds } : {}),
  };
  const references = [spec.clusterArn!, spec.taskDefinitionArn!, ...lbs.map((lb) => lb.targetGroupArn), ...lattice.flatMap((c) => [c.targetGroupArn, c.roleArn]), ...spec.securityGroupIds!, ...spec.subnetIds!].filter(Boolean);
  return observed(ECS_SERVICE, { scope, id: arn, address: tags[TAG_ADDRESS], tags, spec, outputs: { arn, name }, references: [...new Set(references)] });
}

export function diffService(desired: Resolved<EcsServiceSpec>, live: Observed<EcsServiceSpec, EcsServiceOutputs>): FieldChange[] {
  const { spec } = desired;
  return [
    valueChange('serviceName', spec.serviceName, live.spec.serviceName, true),
    valueChange('clusterArn', spec.clusterArn, live.spec.clusterArn, true),
    valueChange('taskDefinitionArn', spec.taskDefinitionArn, live.spec.taskDefinitionArn),
    valueChange('desiredCount', spec.desiredCount, live.spec.desiredCount),
    setChange('subnetIds', spec.subnetIds, live.spec.subnetIds),
    setChange('securityGroupIds', spec.securityGroupIds, live.spec.securityGroupIds),
    setChange('loadBalancers', spec.loadBalancers, live.spec.loadBalancers),
    spec.vpcLatticeConfigurations === undefined ? undefined : setChange('vpcLatticeConfigurations', spec.vpcLatticeConfigurations, live.spec.vpcLatticeConfigurations ?? []),
    spec.healthCheckGracePeriodSeconds === undefined ? undefined : valueChange('healthCheckGracePeriodSeconds', spec.healthCheckGracePeriodSeconds, live.spec.healthCheckGracePeriodSeconds),
  ].filter((change): change is FieldChange => change !== undefined);
}
