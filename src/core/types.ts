/**
 * The plain data that flows between pipeline stages: desired resources (from `expand`), observed
 * resources (from `observe`), and the references that tie desired resources together.
 */

/** One AWS account and region: the unit of observation, of prune guards and of sharding. */
export interface Scope {
  readonly account: string;
  readonly region: string;
}

/**
 * The region of a scope that holds a global resource type's resources (IAM roles): one per account,
 * whatever region the manifest names. Clients for it talk to the partition's global endpoint.
 */
export const GLOBAL_REGION = 'global';

export function scopeKey(scope: Scope): string {
  return `${scope.account}/${scope.region}`;
}

/**
 * A desired field whose value is another resource's output (`{ address, field }`), unknown until
 * that resource exists. Shown as `(known after apply)` in a plan and resolved during apply.
 */
export interface Ref<T = unknown> {
  readonly $ref: { readonly address: string; readonly field: string };
  /** Phantom: the type of the output referred to (see `outputOf` in `resource-type.ts`). Never set. */
  readonly __value?: T;
}

/** An untyped reference; prefer `outputOf(TYPE, address, field)`, which the compiler checks. */
export function ref(address: string, field: string): Ref {
  return { $ref: { address, field } };
}

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** Where a desired resource was declared, so errors and plans can point at the manifest. */
export interface SourceLocation {
  readonly file: string;
  /** JSON pointer to the manifest element that declared the resource, e.g. `/spec/subnets/1`. */
  readonly pointer: string;
}

export type DeletionPolicy = 'Delete' | 'Retain';
export type ManifestMode = 'enforce' | 'observe';

/** A resource the manifests want to exist. Produced by `expand`, consumed by `plan`. */
export interface DesiredResource {
  /** `<kind>/<manifest name>/<resource type>/<local name>`, e.g. `network/core/subnet/private-a`. */
  readonly address: string;
  /** Reconciler type, e.g. `ec2:subnet`. */
  readonly type: string;
  readonly scope: Scope;
  /** The reconciler's desired fields. Values may be {@link Ref}s to other resources' outputs. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The complete desired tag set, ownership tags included. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Addresses that must be created before this resource although no field refers to them (a public
   * NAT gateway needs its VPC's internet gateway attached, or AWS fails it with Gateway.NotAttached).
   */
  readonly dependsOn?: readonly string[];
  /** A versioned type (`Reconciler.versioned`): old versions kept, instead of the type's default `keep`. */
  readonly keepVersions?: number;
  readonly source: SourceLocation;
  readonly deletionPolicy: DeletionPolicy;
  /** JSON pointers (relative to the manifest's `spec`) whose live value is accepted as is. */
  readonly ignoreDrift: readonly string[];
  readonly mode: ManifestMode;
}

/** A live resource that carries this owner's `trellis:owner` tag. Produced by a reconciler's `observe`. */
export interface ObservedResource {
  readonly type: string;
  readonly scope: Scope;
  /** The AWS identifier (`vpc-0abc…`, an ARN for services that identify by ARN). */
  readonly id: string;
  /** From the `trellis:address` tag; undefined when the tag is missing. */
  readonly address: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** Live values in the same shape as {@link DesiredResource.spec}, references as concrete values. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Values other resources may reference (`id`, `arn`, …). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * AWS IDs of the resources this one points at (a subnet its VPC). A delete of one of those waits
   * until this resource is deleted or updated, so deletes run in an order AWS accepts.
   */
  readonly references: readonly string[];
  /**
   * Replaced but not deleted yet: tagged {@link TAG_SUPERSEDED} by a create-before-delete replacement
   * (the engine reads the tag), or an older version of a versioned type (the reconciler sets it).
   * Never matched to a desired resource; deleted once what points at it moved.
   */
  readonly superseded?: boolean;
  /** Versioned types: the version number (ECS task definition revision), higher is newer. */
  readonly version?: number;
}

export const TAG_OWNER = 'trellis:owner';
export const TAG_ADDRESS = 'trellis:address';
/** Set on the old half of a create-before-delete replacement (value: the run ID) before the new half exists. */
export const TAG_SUPERSEDED = 'trellis:superseded';
/** Recorded at creation so that a resource whose manifest was removed still knows to be retained. */
export const TAG_DELETION_POLICY = 'trellis:deletion-policy';
