/**
 * The contract between the simulation core and the modules that simulate one resource type each.
 * A module is plain data: the operations it answers, the resources it pre-creates in every region, the
 * deletes its resources block, and the IDs it lets CreateTags/DeleteTags reach. Adding a type is a new
 * module file and one line in `registry.ts`; the core never changes.
 */
import type { Collection, ResourceRecord, SimState } from './state.js';
import type { SimOptions } from './options.js';

/** Who is calling, from the access key ID (and, for assumed roles, the session token). */
export type Identity =
  | { readonly kind: 'base'; readonly account: string }
  | {
      readonly kind: 'assumed';
      readonly account: string;
      readonly roleName: string;
      readonly sessionName: string;
      /** Epoch ms. */
      readonly expiresAt: number;
    };

export interface HandlerContext {
  /** `EC2`, `STS`, … (the client name without `Client`). */
  readonly service: string;
  /** `CreateVpc`, … (the command name without `Command`). */
  readonly operation: string;
  readonly account: string;
  readonly region: string;
  readonly identity: Identity;
  /** Epoch ms of this call; every timestamp a handler stores uses it. */
  readonly now: number;
  readonly options: Readonly<SimOptions>;
  readonly state: SimState;
  /**
   * A collection of this account and region (`collection('ec2', 'vpcs')`), created on first use. The
   * first touch of a region materializes what AWS pre-creates there (default VPC and subnets).
   */
  collection<T>(service: string, name: string): Collection<T>;
  /** The same in another account or region (cross-account shares). */
  collectionIn<T>(account: string, region: string, service: string, name: string): Collection<T>;
  /** `prefix-` + `hexLength` lowercase hex digits from the seeded PRNG (EC2 IDs: 17). */
  newId(prefix: string, hexLength?: number): string;
  /** Lowercase hex digits from the seeded PRNG (secrets, association IDs). */
  randomHex(length: number): string;
  /** This service's exception class with an AWS error code. */
  error(code: string, message: string, status?: number): Error;
  /**
   * False while `record` is inside the eventual-consistency window (`consistencyDelayMs` after its
   * create): Describe omits it and other calls that reference it answer NotFound.
   */
  isVisible(record: ResourceRecord): boolean;
  /** IDs of resources that block deleting `id` of `kind` (`ec2:vpc`), from every module's `dependents`. */
  dependentsOf(kind: string, id: string): string[];
  /**
   * Runs every module's `onCreate[kind]` for the new resource `id`: what AWS creates along with it (a
   * VPC's main route table and default security group). The parent's create calls it once stored.
   */
  created(kind: string, id: string): void;
  /**
   * Runs every module's `onDelete[kind]` for `id`, just deleted: what AWS removes along with it (a VPC's
   * main route table and default security group; a subnet's route table associations).
   */
  deleted(kind: string, id: string): void;
  /** The taggable kind whose IDs start like `id`, if any module declares one. */
  taggableKindOf(id: string): TaggableKind | undefined;
  /** Every module's `taggedResources` in this account and region (the tagging API's view). */
  taggedResources(): TaggedResource[];
}

/** Answers one operation. Returns the output without `$metadata`; throws the service's errors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (ctx: HandlerContext, input: any) => unknown;

/**
 * Types a handler against the SDK's own input and output shapes (`defineHandler<CreateVpcCommandInput,
 * CreateVpcCommandOutput>(…)`), so a field typo in a simulated response fails to compile.
 */
export function defineHandler<I, O>(fn: (ctx: HandlerContext, input: I) => Omit<O, '$metadata'> | Promise<Omit<O, '$metadata'>>): Handler {
  return fn as Handler;
}

/** A resource kind CreateTags/DeleteTags can address by ID prefix. */
export interface TaggableKind {
  /** `vpc-` */
  readonly prefix: string;
  readonly service: string;
  readonly collection: string;
  /** `InvalidVpcID.NotFound` */
  readonly notFoundCode: string;
}

export interface SimModule {
  readonly name: string;
  /** Keyed `<service>:<operation>`, e.g. `EC2:CreateVpc`. */
  readonly handlers?: Readonly<Record<string, Handler>>;
  /**
   * Runs once per (account, region), on the first touch of any collection there, in registry order:
   * resources AWS pre-creates (default VPC, then its default subnets). Store them with `createdAt: 0`.
   */
  readonly initRegion?: (ctx: HandlerContext) => void;
  /**
   * Deletes this module's resources block: `{ 'ec2:vpc': (ctx, vpcId) => subnet IDs in that VPC }`.
   * A delete handler asks `ctx.dependentsOf('ec2:vpc', id)` and answers `DependencyViolation` when any
   * module reports one, so a new type adds its blocking rule without editing the parent's module.
   */
  readonly dependents?: Readonly<Record<string, (ctx: HandlerContext, parentId: string) => string[]>>;
  /**
   * Resources this module creates along with a parent: `{ 'ec2:vpc': (ctx, vpcId) => main route table }`,
   * run by the parent's create through `ctx.created(kind, id)` (like `dependents`, the parent's module is
   * not edited for a new companion type).
   */
  readonly onCreate?: Readonly<Record<string, (ctx: HandlerContext, parentId: string) => void>>;
  /** Resources or references of this module that go with a deleted parent (`ctx.deleted(kind, id)`). */
  readonly onDelete?: Readonly<Record<string, (ctx: HandlerContext, parentId: string) => void>>;
  readonly taggable?: readonly TaggableKind[];
  /**
   * This module's tagged resources in `ctx`'s account and region, as the Resource Groups Tagging API
   * lists them (`GetResources`): the ARN, the RGTA resource type (`elasticloadbalancing:loadbalancer`,
   * `vpc-lattice:service`, `ecs:task-definition`…) and the tags. The tagging module aggregates every
   * module's list; a module whose resources RGTA does not cover (IAM roles) leaves it out.
   */
  readonly taggedResources?: (ctx: HandlerContext) => Iterable<TaggedResource>;
  /**
   * Runs after every call a handler answered successfully (any service), with that call's context:
   * the CloudTrail module records management events here. Must not throw.
   */
  readonly afterCall?: (ctx: HandlerContext, call: { readonly input: Record<string, unknown>; readonly output: unknown }) => void;
}

/** One row of `GetResources`. */
export interface TaggedResource {
  readonly arn: string;
  /** `<service>:<type>` as RGTA's ResourceTypeFilters name it, e.g. `elasticloadbalancing:targetgroup`. */
  readonly resourceType: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch ms the resource was created (for the tagging API's lag, `taggingLagMs`); 0 if unknown. */
  readonly createdAt?: number;
}
