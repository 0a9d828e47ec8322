/**
 * What every expansion function of a Service shares: the manifest, its Network (VPC and subnet refs,
 * CIDR), its derived AWS names and a resource factory. Precondition: the inputs passed validation, so the
 * Network, its subnet group and every consumed Service exist.
 */
import { outputOf, type Input } from '../../../core/resource-type.js';
import type { Scope } from '../../../core/types.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import type { ServiceManifest } from '../../types.js';
import type { ServiceSpec } from '../../generated/manifest.js';
import { resourceFactory, type ResourceFactory } from '../build.js';
import type { ExpandContext, LookedUpManifest } from '../kind.js';
import { subnetAddress, subnetShareAddress, vpcAddress } from '../network/addresses.js';
import { networkLayout } from '../network/layout.js';
import { serviceSecurityGroupAddress } from './addresses.js';
import { serviceAwsNames, type ServiceAwsNames } from './names.js';

export interface ServiceBuild {
  /** The Service's `metadata.name`. */
  readonly name: string;
  readonly spec: ServiceSpec;
  readonly scope: Scope;
  readonly names: ServiceAwsNames;
  readonly context: ExpandContext;
  /** The Network's VPC ID, a reference to the Network's VPC (in the Network's account). */
  readonly vpcId: Input<string>;
  /** The VPC's CIDR block. */
  readonly vpcCidr: string;
  /** One subnet ID per zone of the Service's subnet group: references to the Network's subnets. */
  readonly subnetIds: readonly Input<string>[];
  /**
   * For resources placed in the Network's VPC or subnets: the Network's subnet share when the Service is
   * in another account (the subnets and VPC are usable there only once shared), else nothing.
   */
  readonly inVpc: { readonly dependsOn?: readonly string[] };
  /** The ID of the Service's own security group. */
  readonly securityGroupId: Input<string>;
  /** The port of the Service's container (and target group). */
  readonly port: number;
  /** Every other Service of the run, in load order. */
  readonly services: ReadonlyArray<LookedUpManifest<ServiceManifest>>;
  /** A desired resource in the Service's scope, with its policies and standard tags. */
  readonly resource: ResourceFactory;
}

export function serviceBuild(manifest: ServiceManifest, context: ExpandContext): ServiceBuild {
  const { name } = manifest.metadata;
  const { spec } = manifest;
  const network = context.lookup('Network', spec.network);
  if (network === undefined) throw new Error(`Service ${name}: unknown Network ${spec.network} reached expansion`);
  const networkName = network.manifest.metadata.name;
  const layout = networkLayout(network.manifest.spec, network.region);
  return {
    name,
    spec,
    scope: context.scope,
    names: serviceAwsNames(name, spec, context.config.owner),
    context,
    vpcId: outputOf(VPC, vpcAddress(networkName), 'id'),
    vpcCidr: network.manifest.spec.cidr,
    subnetIds: layout.zones.map((zone) => outputOf(SUBNET, subnetAddress(networkName, spec.subnets, zone.suffix), 'id')),
    inVpc: network.account === context.scope.account ? {} : { dependsOn: [subnetShareAddress(networkName)] },
    securityGroupId: outputOf(SECURITY_GROUP, serviceSecurityGroupAddress(name), 'id'),
    port: spec.port,
    services: context.all('Service').filter((other) => other.manifest.metadata.name !== name),
    resource: resourceFactory(context),
  };
}

/** `arn:aws:iam::<account>:root`: an account as an IAM principal. */
export function accountRoot(account: string): string {
  return `arn:aws:iam::${account}:root`;
}
