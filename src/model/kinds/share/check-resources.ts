/** Resource gateways and resource configurations: names, references, and the definition of each resource. */
import { pointer } from "../../pointer.js";
import type { ShareManifest } from "../../types.js";
import { LATTICE_NAMES, latticeNameProblem } from "../aws-names.js";
import type { CheckContext } from "../kind.js";
import { knownList } from "../shared.js";
import {
  checkSecurityGroups,
  checkSubnetGroup,
  findNetwork,
} from "./check-vpcs.js";

export function checkResources(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  const gateways = manifest.spec.resources?.gateways ?? [];
  const configurations = manifest.spec.resources?.configurations ?? [];

  const gatewayNames = uniqueNames(
    gateways,
    "/spec/resources/gateways",
    "resource gateway",
    context,
  );
  gateways.forEach((gateway, index) => {
    const at = pointer("/spec/resources/gateways", index);
    const problem = latticeNameProblem(
      gateway.name,
      LATTICE_NAMES.resourceGateway,
    );
    if (problem !== undefined) context.report(pointer(at, "name"), problem);
    const network = findNetwork(
      gateway.network,
      pointer(at, "network"),
      context,
    );
    if (network === undefined) return;
    checkSubnetGroup(network, gateway.subnets, pointer(at, "subnets"), context);
    checkSecurityGroups(
      network,
      gateway.securityGroups ?? [],
      pointer(at, "securityGroups"),
      context,
    );
  });

  uniqueNames(
    configurations,
    "/spec/resources/configurations",
    "resource configuration",
    context,
  );
  configurations.forEach((configuration, index) => {
    const at = pointer("/spec/resources/configurations", index);
    const problem = latticeNameProblem(
      configuration.name,
      LATTICE_NAMES.resourceConfiguration,
    );
    if (problem !== undefined) context.report(pointer(at, "name"), problem);
    if (!gatewayNames.includes(configuration.gateway)) {
      context.report(
        pointer(at, "gateway"),
        `unknown resource gateway "${configuration.gateway}" (${knownList(gatewayNames, "spec.resources.gateways declares none")})`,
      );
    }
    if (configuration.arn !== undefined) {
      if (configuration.ports !== undefined) {
        context.report(
          pointer(at, "ports"),
          "a resource given by arn brings its own ports; remove ports (they are for dnsName and ipAddress resources)",
        );
      }
    } else if (configuration.ports === undefined) {
      context.report(
        at,
        'a resource given by dnsName or ipAddress needs ports, e.g. ["5432"]',
      );
    }
    (configuration.ports ?? []).forEach((ports, portIndex) => {
      const [start = NaN, end = start] = ports.split("-").map(Number);
      const portAt = pointer(at, "ports", portIndex);
      const outside = [start, end].find((port) => port < 1 || port > 65535);
      if (outside !== undefined)
        context.report(portAt, `port ${outside} is outside 1-65535`);
      else if (start > end)
        context.report(
          portAt,
          `port range ${ports} starts after it ends; write ${end}-${start}`,
        );
    });
  });
}

function uniqueNames(
  items: ReadonlyArray<{ name: string }>,
  at: string,
  what: string,
  context: CheckContext,
): string[] {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const seen = first.get(item.name);
    if (seen === undefined) first.set(item.name, index);
    else
      context.report(
        pointer(at, index, "name"),
        `duplicate ${what} name "${item.name}" (first at ${context.locate(pointer(at, seen, "name"))})`,
      );
  });
  return [...first.keys()];
}
