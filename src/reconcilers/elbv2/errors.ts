/**
 * ELBv2 error codes as the SDK raises them. ELBv2 speaks the query protocol and models its errors: the
 * wire code `LoadBalancerNotFound` reaches callers as `LoadBalancerNotFoundException` (its `name`);
 * unmodeled codes (`ValidationError`, `Throttling`) keep the wire code. Codes: Elastic Load Balancing
 * API Reference, CommonErrors and each operation's "Errors" section
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/).
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const elbv2Errors: ErrorCodeTable = {
  service: 'elbv2',
  // A listener created right after its load balancer or target group may not see them yet.
  eventualConsistency: ['LoadBalancerNotFoundException', 'TargetGroupNotFoundException'],
  // DeleteLoadBalancer and DeleteTargetGroup succeed for a missing ARN; DeleteListener does not.
  notFound: ['LoadBalancerNotFoundException', 'TargetGroupNotFoundException', 'ListenerNotFoundException'],
  // DeleteTargetGroup while a listener still forwards to it (API_DeleteTargetGroup.html); DeleteLoadBalancer
  // while an endpoint service still uses the NLB.
  dependencyPending: ['ResourceInUseException'],
};
