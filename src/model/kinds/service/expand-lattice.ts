/**
 * `expose.lattice`: a VPC Lattice service named like the Service, an IP target group in the Network's VPC
 * on the container port (HTTP; the health check of `healthCheck.path`, none without one: a container
 * `command` check is ECS's), a listener (`protocol`, `port`) forwarding everything to it, the service's
 * association with the Share's service network, and the ECS infrastructure role through which ECS
 * registers the tasks with the target group (trust `ecs.amazonaws.com`, the AWS managed
 * AmazonECSInfrastructureRolePolicyForVpcLattice: RegisterTargets/DeregisterTargets on Lattice target groups,
 * AWS managed policy reference).
 *
 * The Lattice service's auth type is `NONE`: access is the service network's auth policy's to decide
 * (an `AWS_IAM` service without a policy of its own would deny every request). The association is made in
 * the Service's account; when the Share is in another one, the service network reaches this account through
 * the Share's RAM share, so the association waits for it (the share accepts this account's invitation).
 */
import { outputOf, type Input } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { ROLE } from '../../../reconcilers/iam/role/type.js';
import { LATTICE_LISTENER } from '../../../reconcilers/lattice/listener/type.js';
import { SERVICE_ASSOCIATION } from '../../../reconcilers/lattice/service-association/type.js';
import { SERVICE_NETWORK } from '../../../reconcilers/lattice/service-network/type.js';
import { LATTICE_SERVICE } from '../../../reconcilers/lattice/service/type.js';
import { LATTICE_TARGET_GROUP, type LatticeHealthCheck } from '../../../reconcilers/lattice/target-group/type.js';
import type { ServiceSpec } from '../../generated/manifest.js';
import { pointer } from '../../pointer.js';
import { ramShareAddress, serviceNetworkAddress } from '../share/expand-lattice.js';
import { latticeListenerAddress, latticeRoleAddress, latticeServiceAddress, latticeServiceAssociationAddress, latticeTargetGroupAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';
import { serviceTrust } from './expand-roles.js';

const SOURCE = '/spec/expose/lattice';

export const LATTICE_INFRASTRUCTURE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice';

/** The port mapping the ECS service names in its Lattice configuration. */
export const LATTICE_PORT_NAME = 'lattice';

/** The listener's protocol and port: HTTP on 80 unless given (HTTPS defaults to 443, CreateListener `port`). */
export function latticeListener(lattice: NonNullable<NonNullable<ServiceSpec['expose']>['lattice']>): { protocol: 'HTTP' | 'HTTPS'; port: number } {
  const protocol = lattice.protocol ?? 'HTTP';
  return { protocol, port: lattice.port ?? (protocol === 'HTTPS' ? 443 : 80) };
}

export function expandLattice(build: ServiceBuild): DesiredResource[] {
  const { name, spec, names, port, vpcId, inVpc, context, resource } = build;
  const lattice = spec.expose?.lattice;
  if (lattice === undefined) return [];
  const share = context.lookup('Share', lattice.share);
  if (share === undefined) throw new Error(`Service ${name}: unknown Share ${lattice.share} reached expansion`);
  const listener = latticeListener(lattice);
  const serviceArn = outputOf(LATTICE_SERVICE, latticeServiceAddress(name), 'arn');
  const crossAccount = share.account !== context.scope.account;
  return [
    resource({
      address: latticeRoleAddress(name),
      type: ROLE,
      spec: {
        roleName: names.latticeRole,
        path: names.rolePath,
        assumeRolePolicy: serviceTrust('ecs.amazonaws.com'),
        description: `ECS infrastructure role of Service ${name}: registers its tasks with its VPC Lattice target group`,
        managedPolicyArns: [LATTICE_INFRASTRUCTURE_POLICY_ARN],
        inlinePolicies: {},
      },
      name: names.latticeRole,
      source: SOURCE,
    }),
    resource({
      address: latticeTargetGroupAddress(name),
      type: LATTICE_TARGET_GROUP,
      spec: { name: names.latticeTargetGroup, type: 'IP', port, protocol: 'HTTP', vpcIdentifier: vpcId, healthCheck: latticeHealthCheck(spec.healthCheck) },
      name: names.latticeTargetGroup,
      source: SOURCE,
      ...inVpc,
    }),
    resource({
      address: latticeServiceAddress(name),
      type: LATTICE_SERVICE,
      spec: { name: names.latticeService, authType: 'NONE' },
      name: names.latticeService,
      source: SOURCE,
    }),
    resource({
      address: latticeListenerAddress(name),
      type: LATTICE_LISTENER,
      spec: {
        serviceIdentifier: serviceArn,
        name: `${listener.protocol.toLowerCase()}-${listener.port}`,
        ...listener,
        targetGroupIdentifier: outputOf(LATTICE_TARGET_GROUP, latticeTargetGroupAddress(name), 'arn'),
      },
      name: names.latticeService,
      source: SOURCE,
    }),
    resource({
      address: latticeServiceAssociationAddress(name, lattice.share),
      type: SERVICE_ASSOCIATION,
      spec: { serviceNetworkIdentifier: outputOf(SERVICE_NETWORK, serviceNetworkAddress(lattice.share), 'arn'), serviceIdentifier: serviceArn },
      name: `${names.latticeService}-${lattice.share}`,
      source: pointer(SOURCE, 'share'),
      ...(crossAccount ? { dependsOn: [ramShareAddress(lattice.share)] } : {}),
    }),
  ];
}

/** HTTP on `path` with the manifest's numbers when given; without a path, no Lattice health check. */
function latticeHealthCheck(check: ServiceSpec['healthCheck']): LatticeHealthCheck {
  if (check?.path === undefined) return { enabled: false };
  return {
    enabled: true,
    path: check.path,
    intervalSeconds: check.intervalSeconds ?? 30,
    timeoutSeconds: check.timeoutSeconds ?? 5,
    healthyThresholdCount: check.retries ?? 3,
    unhealthyThresholdCount: check.retries ?? 3,
  };
}

/** The ECS service's Lattice configuration: none unless exposed through Lattice. */
export function latticeConfigurations({ name, spec }: ServiceBuild): { roleArn: Input<string>; targetGroupArn: Input<string>; portName: string }[] {
  if (spec.expose?.lattice === undefined) return [];
  return [
    {
      roleArn: outputOf(ROLE, latticeRoleAddress(name), 'arn'),
      targetGroupArn: outputOf(LATTICE_TARGET_GROUP, latticeTargetGroupAddress(name), 'arn'),
      portName: LATTICE_PORT_NAME,
    },
  ];
}
