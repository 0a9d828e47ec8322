/**
 * The service network (with its auth policy), its VPC associations, and the resource gateways,
 * configurations and their associations with the service network.
 */
import { outputOf } from "../../../core/resource-type.js";
import type { DesiredResource, Scope } from "../../../core/types.js";
import type { PolicyDocument as CorePolicyDocument } from "../../../core/policy-document.js";
import { SECURITY_GROUP } from "../../../reconcilers/ec2/security-group/type.js";
import { SUBNET } from "../../../reconcilers/ec2/subnet/type.js";
import { VPC } from "../../../reconcilers/ec2/vpc/type.js";
import { RESOURCE_ASSOCIATION } from "../../../reconcilers/lattice/resource-association/type.js";
import { RESOURCE_CONFIGURATION } from "../../../reconcilers/lattice/resource-configuration/type.js";
import { RESOURCE_GATEWAY } from "../../../reconcilers/lattice/resource-gateway/type.js";
import { SERVICE_NETWORK } from "../../../reconcilers/lattice/service-network/type.js";
import { VPC_ASSOCIATION } from "../../../reconcilers/lattice/vpc-association/type.js";
import { resolveAccount } from "../../accounts.js";
import { pointer } from "../../pointer.js";
import {
  securityGroupAddress,
  subnetAddress,
  vpcAddress,
} from "../network/addresses.js";
import { networkLayout } from "../network/layout.js";
import { shareAddress, type ShareBuild } from "./build.js";

export const serviceNetworkAddress = (share: string) =>
  shareAddress(share, "service-network", "main");
export const ramShareAddress = (share: string) =>
  shareAddress(share, "resource-share", "main");
export const resourceConfigurationAddress = (share: string, name: string) =>
  shareAddress(share, "resource-configuration", name);

export function expandServiceNetwork({
  name,
  manifest,
  resource,
}: ShareBuild): DesiredResource[] {
  const { serviceNetwork, authPolicy } = manifest.spec;
  return [
    resource({
      address: serviceNetworkAddress(name),
      type: SERVICE_NETWORK,
      spec: {
        name: serviceNetwork.name,
        authType: serviceNetwork.authType ?? "NONE",
        authPolicy: (authPolicy as CorePolicyDocument | undefined) ?? null,
      },
      name: serviceNetwork.name,
      source: "/spec/serviceNetwork",
    }),
  ];
}

/**
 * One association per entry, in `account` (default: the Network's account). An association made in
 * another account than the Share's receives the service network through RAM: it depends on the share,
 * whose create or update accepts that account's invitation first.
 */
export function expandVpcAssociations({
  name,
  manifest,
  context,
  resource,
}: ShareBuild): DesiredResource[] {
  return (manifest.spec.vpcAssociations ?? []).map((association, index) => {
    const network = context.lookup("Network", association.network)!;
    const account =
      association.account !== undefined
        ? resolveAccount(association.account, context.config)
        : network.account;
    const scope: Scope = { account, region: context.scope.region };
    const crossAccount = account !== context.scope.account;
    return resource({
      address: shareAddress(
        name,
        "service-network-vpc-association",
        association.network,
      ),
      type: VPC_ASSOCIATION,
      scope,
      spec: {
        serviceNetworkIdentifier: outputOf(
          SERVICE_NETWORK,
          serviceNetworkAddress(name),
          "arn",
        ),
        vpcIdentifier: outputOf(VPC, vpcAddress(association.network), "id"),
        securityGroupIds: (association.securityGroups ?? []).map((group) =>
          outputOf(
            SECURITY_GROUP,
            securityGroupAddress(association.network, group),
            "id",
          ),
        ),
      },
      name: `${manifest.spec.serviceNetwork.name}-${association.network}`,
      source: pointer("/spec/vpcAssociations", index),
      ...(crossAccount ? { dependsOn: [ramShareAddress(name)] } : {}),
    });
  });
}

/**
 * Resource gateways in a Network's subnets (one subnet per zone of the named group), the
 * configurations behind them, and each configuration's association with the service network.
 *
 * Decision: a gateway, its configurations and their associations live in the account of the gateway's
 * Network, which owns the VPC (the simulation, like the conservative reading of AWS, does not let a
 * participant of a shared VPC create a resource gateway in it). When that account is not the Share's, it
 * receives the service network through the RAM share (it must be among `principals`): the association
 * depends on the share, which accepts that account's invitation first; the configuration is then not
 * in the Share's RAM share (RAM shares only what its account owns) — it reaches tenants through the
 * service network.
 */
export function expandResources({
  name,
  manifest,
  context,
  resource,
}: ShareBuild): DesiredResource[] {
  const gateways = manifest.spec.resources?.gateways ?? [];
  const configurations = manifest.spec.resources?.configurations ?? [];
  const result: DesiredResource[] = [];
  const scopeOfGateway = new Map<string, Scope>();
  const gatewayScope = (gatewayName: string): Scope =>
    scopeOfGateway.get(gatewayName) ?? context.scope;
  gateways.forEach((gateway, index) => {
    const network = context.lookup("Network", gateway.network)!;
    const scope: Scope = {
      account: network.account,
      region: context.scope.region,
    };
    scopeOfGateway.set(gateway.name, scope);
    const layout = networkLayout(network.manifest.spec, network.region);
    result.push(
      resource({
        address: shareAddress(name, "resource-gateway", gateway.name),
        type: RESOURCE_GATEWAY,
        scope,
        spec: {
          name: gateway.name,
          vpcIdentifier: outputOf(VPC, vpcAddress(gateway.network), "id"),
          subnetIds: layout.zones.map((zone) =>
            outputOf(
              SUBNET,
              subnetAddress(gateway.network, gateway.subnets, zone.suffix),
              "id",
            ),
          ),
          securityGroupIds: (gateway.securityGroups ?? []).map((group) =>
            outputOf(
              SECURITY_GROUP,
              securityGroupAddress(gateway.network, group),
              "id",
            ),
          ),
        },
        name: gateway.name,
        source: pointer("/spec/resources/gateways", index),
      }),
    );
  });
  configurations.forEach((configuration, index) => {
    const at = pointer("/spec/resources/configurations", index);
    const scope = gatewayScope(configuration.gateway);
    const crossAccount =
      scope.account !== context.scope.account &&
      (manifest.spec.principals ?? []).length > 0;
    const definition =
      configuration.dnsName !== undefined
        ? { dnsName: configuration.dnsName }
        : configuration.ipAddress !== undefined
          ? { ipAddress: configuration.ipAddress }
          : { arn: configuration.arn! };
    result.push(
      resource({
        address: resourceConfigurationAddress(name, configuration.name),
        type: RESOURCE_CONFIGURATION,
        scope,
        spec: {
          name: configuration.name,
          resourceGatewayIdentifier: outputOf(
            RESOURCE_GATEWAY,
            shareAddress(name, "resource-gateway", configuration.gateway),
            "id",
          ),
          definition,
          portRanges: [...(configuration.ports ?? [])].sort(),
          protocol: configuration.protocol ?? "TCP",
        },
        name: configuration.name,
        source: at,
      }),
      resource({
        address: shareAddress(
          name,
          "service-network-resource-association",
          configuration.name,
        ),
        type: RESOURCE_ASSOCIATION,
        scope,
        ...(crossAccount ? { dependsOn: [ramShareAddress(name)] } : {}),
        spec: {
          serviceNetworkIdentifier: outputOf(
            SERVICE_NETWORK,
            serviceNetworkAddress(name),
            "arn",
          ),
          resourceConfigurationIdentifier: outputOf(
            RESOURCE_CONFIGURATION,
            resourceConfigurationAddress(name, configuration.name),
            "arn",
          ),
        },
        name: configuration.name,
        source: at,
      }),
    );
  });
  return result;
}

/** The account of a configuration: its gateway's Network's (default: the Share's, for an unknown gateway). */
export function configurationAccount(
  build: ShareBuild,
  gatewayName: string,
): string {
  const gateway = (build.manifest.spec.resources?.gateways ?? []).find(
    (candidate) => candidate.name === gatewayName,
  );
  return gateway
    ? build.context.lookup("Network", gateway.network)!.account
    : build.context.scope.account;
}
