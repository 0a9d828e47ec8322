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
   * The Resource Groups Tagging API's lag: GetResources omits resources created less than this long
   * ago (RGTA is fed asynchronously from the services and lags them; aws-facts.md 8). Default 0.
   */
  taggingLagMs?: number;
  /** Added to every call (default 0). */
  latencyMs?: number;
  /** 0..1: chance that a call fails with the service's throttling error before doing anything. */
  throttleRate?: number;
  /** 0..1: chance of a 5xx (EC2 `InternalError` 500 / `Unavailable` 503) before doing anything. */
  serverErrorRate?: number;
  /**
   * Perform each distinct create-like request (`Create*` except `CreateTags`, `Allocate*`, `Authorize*`,
   * `Associate*`), then lose its response once:
   * the caller gets a `TimeoutError` (transient to the SDK). The same request (same input) a second
   * time is performed again and answered normally — like AWS, which creates a second VPC.
   */
  loseCreateResponses?: boolean;
  /** The account the base credentials belong to (default `111111111111`). */
  callerAccount?: string;
  /**
   * Roles whose trust policy requires an external ID: role ARN → the ID. AssumeRole without that
   * `ExternalId` answers `AccessDenied`. Roles not listed are assumable by anyone.
   */
  roleExternalIds?: Record<string, string>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_CALLER_ACCOUNT = '111111111111';
