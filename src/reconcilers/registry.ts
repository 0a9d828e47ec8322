/**
 * Every resource type trellis reconciles, and every service's error table. Adding a type is one
 * module under `src/reconcilers/<service>/<type>/` and one line here.
 */
import type { ErrorCodeTable } from '../core/classify.js';
import { cloudtrailErrors } from './cloudtrail/errors.js';
import { trailReconciler } from './cloudtrail/trail/index.js';
import { eipReconciler } from './ec2/eip/index.js';
import { ec2Errors } from './ec2/errors.js';
import { internetGatewayReconciler } from './ec2/internet-gateway/index.js';
import { natGatewayReconciler } from './ec2/nat-gateway/index.js';
import { routeTableReconciler } from './ec2/route-table/index.js';
import { securityGroupRulesReconciler } from './ec2/security-group-rules/index.js';
import { securityGroupReconciler } from './ec2/security-group/index.js';
import { subnetReconciler } from './ec2/subnet/index.js';
import { vpcEndpointServiceReconciler } from './ec2/vpc-endpoint-service/index.js';
import { vpcEndpointReconciler } from './ec2/vpc-endpoint/index.js';
import { vpcReconciler } from './ec2/vpc/index.js';
import { elbv2Errors } from './elbv2/errors.js';
import { listenerReconciler } from './elbv2/listener/index.js';
import { loadBalancerReconciler } from './elbv2/load-balancer/index.js';
import { targetGroupReconciler } from './elbv2/target-group/index.js';
import { latticeErrors } from './lattice/errors.js';
import { resourceAssociationReconciler } from './lattice/resource-association/index.js';
import { resourceConfigurationReconciler } from './lattice/resource-configuration/index.js';
import { resourceGatewayReconciler } from './lattice/resource-gateway/index.js';
import { latticeListenerReconciler } from './lattice/listener/index.js';
import { serviceAssociationReconciler } from './lattice/service-association/index.js';
import { latticeServiceReconciler } from './lattice/service/index.js';
import { latticeTargetGroupReconciler } from './lattice/target-group/index.js';
import { serviceNetworkReconciler } from './lattice/service-network/index.js';
import { vpcAssociationReconciler } from './lattice/vpc-association/index.js';
import { clusterReconciler } from './ecs/cluster/index.js';
import { ecsErrors } from './ecs/errors.js';
import { ecsServiceReconciler } from './ecs/service/index.js';
import { taskDefinitionReconciler } from './ecs/task-definition/index.js';
import { iamErrors } from './iam/errors.js';
import { roleReconciler } from './iam/role/index.js';
import { ramErrors } from './ram/errors.js';
import { resourceShareReconciler } from './ram/resource-share/index.js';
import type { Reconciler } from '../core/reconciler.js';

export const reconcilers: readonly Reconciler[] = [
  vpcReconciler,
  subnetReconciler,
  internetGatewayReconciler,
  eipReconciler,
  natGatewayReconciler,
  routeTableReconciler,
  securityGroupReconciler,
  securityGroupRulesReconciler,
  vpcEndpointReconciler,
  vpcEndpointServiceReconciler,
  resourceShareReconciler,
  loadBalancerReconciler,
  targetGroupReconciler,
  listenerReconciler,
  roleReconciler,
  latticeTargetGroupReconciler,
  clusterReconciler,
  taskDefinitionReconciler,
  ecsServiceReconciler,
  serviceNetworkReconciler,
  vpcAssociationReconciler,
  resourceGatewayReconciler,
  resourceConfigurationReconciler,
  resourceAssociationReconciler,
  latticeServiceReconciler,
  latticeListenerReconciler,
  serviceAssociationReconciler,
  trailReconciler,
];

export const errorTables: readonly ErrorCodeTable[] = [ec2Errors, ramErrors, elbv2Errors, ecsErrors, iamErrors, latticeErrors, cloudtrailErrors];
