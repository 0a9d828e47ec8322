/**
 * `expose.privateLink`: an internal NLB in the Service's subnets, an IP target group (TCP, the container
 * port, the health check of `healthCheck`), a TCP listener on the expose port, and a VPC endpoint service
 * on the NLB.
 *
 * The endpoint service's allowed principals are the declared `allowedPrincipals` (aliases and IDs as
 * `arn:aws:iam::<id>:root`, ARNs as given) plus the account root of every Service that consumes this one
 * via PrivateLink. Pending connections are accepted from those consumers' accounts and the declared
 * principals' accounts, and rejected from every other (`acceptedAccounts`).
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { VPC_ENDPOINT_SERVICE } from '../../../reconcilers/ec2/vpc-endpoint-service/type.js';
import { LISTENER } from '../../../reconcilers/elbv2/listener/type.js';
import { LOAD_BALANCER } from '../../../reconcilers/elbv2/load-balancer/type.js';
import { TARGET_GROUP, type TargetGroupHealthCheck } from '../../../reconcilers/elbv2/target-group/type.js';
import { isAccountId, lookupAccount } from '../../accounts.js';
import type { ServiceSpec } from '../../generated/manifest.js';
import { endpointServiceAddress, listenerAddress, loadBalancerAddress, targetGroupAddress } from './addresses.js';
import { accountRoot, type ServiceBuild } from './build.js';

const SOURCE = '/spec/expose/privateLink';

export function expandPrivateLink(build: ServiceBuild): DesiredResource[] {
  const { name, spec, names, port, vpcId, subnetIds, inVpc, resource } = build;
  const privateLink = spec.expose?.privateLink;
  if (privateLink === undefined) return [];
  const { principals, accounts } = endpointPrincipals(build);
  return [
    resource({
      address: loadBalancerAddress(name),
      type: LOAD_BALANCER,
      spec: { name: names.loadBalancer, scheme: 'internal', type: 'network', subnetIds, securityGroupIds: [] },
      name: names.loadBalancer,
      source: SOURCE,
      ...inVpc,
    }),
    resource({
      address: targetGroupAddress(name),
      type: TARGET_GROUP,
      spec: { name: names.targetGroup, protocol: 'TCP', port, vpcId, targetType: 'ip', healthCheck: targetGroupHealthCheck(spec.healthCheck) },
      name: names.targetGroup,
      source: SOURCE,
      ...inVpc,
    }),
    resource({
      address: listenerAddress(name),
      type: LISTENER,
      spec: {
        loadBalancerArn: outputOf(LOAD_BALANCER, loadBalancerAddress(name), 'arn'),
        protocol: 'TCP',
        port: privateLink.port ?? port,
        targetGroupArn: outputOf(TARGET_GROUP, targetGroupAddress(name), 'arn'),
      },
      name: names.loadBalancer,
      source: SOURCE,
    }),
    resource({
      address: endpointServiceAddress(name),
      type: VPC_ENDPOINT_SERVICE,
      spec: {
        networkLoadBalancerArns: [outputOf(LOAD_BALANCER, loadBalancerAddress(name), 'arn')],
        acceptanceRequired: privateLink.acceptanceRequired ?? true,
        allowedPrincipals: principals,
        acceptedAccounts: accounts,
      },
      name,
      source: SOURCE,
    }),
  ];
}

/**
 * HTTP on `path` when given, else TCP on the traffic port. ELBv2 counts `retries` consecutive results
 * both ways (healthy and unhealthy thresholds).
 */
function targetGroupHealthCheck(check: ServiceSpec['healthCheck']): TargetGroupHealthCheck {
  const common = {
    intervalSeconds: check?.intervalSeconds ?? 30,
    timeoutSeconds: check?.timeoutSeconds ?? 5,
    healthyThreshold: check?.retries ?? 3,
    unhealthyThreshold: check?.retries ?? 3,
  };
  return check?.path === undefined ? { protocol: 'TCP', ...common } : { protocol: 'HTTP', path: check.path, ...common };
}

/** The endpoint service's allowed principal ARNs and accepted accounts, each sorted and without repeats. */
export function endpointPrincipals({ name, spec, context, services }: ServiceBuild): { principals: string[]; accounts: string[] } {
  const principals = new Set<string>();
  const accounts = new Set<string>();
  for (const declared of spec.expose?.privateLink?.allowedPrincipals ?? []) {
    const account = lookupAccount(declared, context.config);
    if (account !== undefined) {
      principals.add(accountRoot(account));
      accounts.add(account);
    } else {
      principals.add(declared);
      const arnAccount = declared.split(':')[4];
      if (arnAccount !== undefined && isAccountId(arnAccount)) accounts.add(arnAccount);
    }
  }
  for (const consumer of services) {
    if (!(consumer.manifest.spec.consume ?? []).some((consumption) => consumption.service === name && consumption.via === 'privateLink')) continue;
    principals.add(accountRoot(consumer.account));
    accounts.add(consumer.account);
  }
  return { principals: [...principals].sort(), accounts: [...accounts].sort() };
}
