import type { RequestRates } from './rates.js';

export interface SimOptions {
  /** Seeds IDs, request IDs and fault rolls, so that a run is reproducible (default: random). */
  seed?: number;
  /**
   * Most items one page of a paginated list/describe call returns (default 50). Tests use 2-3 so that
   * pagination bugs surface.
   */
  pageSize?: number;
  /**
   * For this long after its create, a new resource is invisible to Describe and NotFound when other
   * calls reference it (CreateSubnet's VpcId → `InvalidVpcID.NotFound`), as AWS's eventual consistency
   * does (default 0).
   */
  consistencyDelayMs?: number;
  /**
   * How long asynchronous transitions last (NAT gateway and VPC endpoint `pending` → `available`,
   * `deleting` → `deleted`, RAM associations `associating` → `associated`). A create answers with the
   * transitional state, and Describe shows it until this much time has passed (default 0: the next
   * Describe already shows the final state).
   */
  asyncDelayMs?: number;
  /**
   * Per kind of asynchronous resource, instead of `asyncDelayMs` (which stays the default for kinds not
   * listed): provisioning times scaled for benchmarks, e.g. `{ 'ec2:nat-gateway': 90_000 }`. Read at
   * every call, like `asyncDelayMs`.
   */
  asyncDelaysMs?: Partial<Record<AsyncKind, number>>;
  /**
   * The Resource Groups Tagging API's lag: GetResources omits resources created less than this long
   * ago (RGTA is fed asynchronously from the services and lags them; docs/aws-behaviour.md 8). Default 0.
   */
  taggingLagMs?: number;
  /** Added to every call (default 0); mutating calls take `mutatingLatencyMs` instead when set. */
  latencyMs?: number;
  /** Latency of calls that change state (creates, deletes, modifies…), instead of `latencyMs`. */
  mutatingLatencyMs?: number;
  /**
   * Request rates as token buckets per (account, region, service, bucket), on the simulation's clock:
   * a call past its bucket fails with the service's throttling error (EC2 `RequestLimitExceeded`).
   * `'aws'` is AWS's published rates (`AWS_REQUEST_RATES` in `rates.ts`); a table replaces them.
   * Default off.
   */
  rateModel?: 'aws' | RequestRates;
  /** 0..1: chance that a call fails with the service's throttling error before doing anything. */
  throttleRate?: number;
  /** 0..1: chance of a 5xx (EC2 `InternalError` 500 / `Unavailable` 503) before doing anything. */
  serverErrorRate?: number;
  /**
   * `<Service>:<Operation>` keys (`EC2:CreateRouteTable`) that always fail with the service's 5xx
   * before doing anything: an outage of one call, for tests of retry budgets.
   */
  failingOperations?: string[];
  /**
   * Perform each distinct create-like request (`Create*` except `CreateTags`, `Allocate*`, `Authorize*`,
   * `Associate*`), then lose its response once:
   * the caller gets a `TimeoutError` (transient to the SDK). The same request (same input) a second
   * time is performed again and answered normally — like AWS, which creates a second VPC.
   */
  loseCreateResponses?: boolean;
  /**
   * Answer security group rules as moto does, not as AWS does: DescribeSecurityGroupRules and the
   * rules AuthorizeSecurityGroupIngress/Egress return carry no `GroupOwnerId` (the EC2 API Reference,
   * SecurityGroupRule, documents it and AWS returns it), and no `Description` for rules whose peer is a
   * security group or a prefix list (DescribeSecurityGroups still shows those descriptions in its
   * IpPermissions, as moto does). For tests that trellis does not depend on fields an emulator omits.
   */
  motoSecurityGroupRules?: boolean;
  /** The account the base credentials belong to (default `111111111111`). */
  callerAccount?: string;
  /**
   * Roles whose trust policy requires an external ID: role ARN → the ID. AssumeRole without that
   * `ExternalId` answers `AccessDenied`. Roles not listed are assumable by anyone.
   */
  roleExternalIds?: Record<string, string>;
  /**
   * The accounts of the caller's AWS Organization, for RAM. Default: every account the simulation
   * knows (has made a call or been touched by a test); an account never seen is outside.
   */
  organizationAccounts?: readonly string[];
  /**
   * Whether RAM sharing with the organization is enabled (`EnableSharingWithAwsOrganization`; default
   * true). When false, every account principal — in the organization or not — gets an invitation.
   */
  ramOrganizationSharing?: boolean;
  /** S3 bucket names CreateTrail/UpdateTrail treat as missing (`S3BucketDoesNotExistException`); any other name exists. */
  missingS3Buckets?: readonly string[];
  /** Buckets that exist but whose policy does not let CloudTrail write (`InsufficientS3BucketPolicyException`). */
  s3BucketsWithoutTrailPolicy?: readonly string[];
  /** LookupEvents requests per second per account and region before ThrottlingException (default 2; 0: unlimited). */
  lookupEventsPerSecond?: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_CALLER_ACCOUNT = '111111111111';

/** The kinds of asynchronous transition `asyncDelaysMs` can time separately. */
export type AsyncKind =
  | 'ec2:nat-gateway'
  | 'ec2:vpc-endpoint'
  | 'ec2:vpc-endpoint-service'
  | 'elbv2:load-balancer'
  | 'elbv2:target'
  | 'ecs:service'
  | 'lattice'
  | 'ram:resource-share';

/** How long `kind`'s asynchronous transitions last under `options`. */
export function asyncDelayFor(options: Readonly<SimOptions>, kind: AsyncKind): number {
  return options.asyncDelaysMs?.[kind] ?? options.asyncDelayMs ?? 0;
}
