/**
 * Every simulated resource type. Adding one: a module file exporting a `SimModule` and one line here.
 * Order matters only for `initRegion` (a default VPC exists before its default subnets).
 */
import { trailModule } from './cloudtrail/trail.js';
import { addressModule } from './ec2/address.js';
import { internetGatewayModule } from './ec2/internet-gateway.js';
import { natGatewayModule } from './ec2/nat-gateway.js';
import { prefixListModule } from './ec2/prefix-list.js';
import { routeTableModule } from './ec2/route-table.js';
import { securityGroupModule } from './ec2/security-group.js';
import { subnetModule } from './ec2/subnet.js';
import { tagsModule } from './ec2/tags.js';
import { vpcEndpointModule } from './ec2/vpc-endpoint.js';
import { vpcEndpointServiceModule } from './ec2/vpc-endpoint-service.js';
import { vpcModule } from './ec2/vpc.js';
import { associationModule } from './lattice/association.js';
import { resourceModule } from './lattice/resource.js';
import { serviceNetworkModule } from './lattice/service-network.js';
import { serviceModule as latticeServiceModule } from './lattice/service.js';
import { tagsAndAuthModule } from './lattice/tags-and-auth.js';
import type { SimModule } from './module.js';
import { resourceShareModule } from './ram/resource-share.js';
import { stsModule } from './sts.js';
import { taggingModule } from './tagging.js';
import { clusterModule } from './ecs/cluster.js';
import { serviceModule as ecsServiceModule } from './ecs/service.js';
import { taskDefinitionModule } from './ecs/task-definition.js';
import { listenerModule } from './elbv2/listener.js';
import { roleModule } from './iam/role.js';
import { loadBalancerModule } from './elbv2/load-balancer.js';
import { targetGroupModule } from './elbv2/target-group.js';

export const modules: readonly SimModule[] = [
  vpcModule,
  subnetModule,
  tagsModule,
  internetGatewayModule,
  addressModule,
  natGatewayModule,
  routeTableModule,
  prefixListModule,
  securityGroupModule,
  vpcEndpointModule,
  vpcEndpointServiceModule,
  stsModule,
  resourceShareModule,
  clusterModule,
  taskDefinitionModule,
  ecsServiceModule,
  loadBalancerModule,
  targetGroupModule,
  listenerModule,
  roleModule,
  serviceNetworkModule,
  latticeServiceModule,
  resourceModule,
  associationModule,
  tagsAndAuthModule,
  trailModule,
  taggingModule,
];
