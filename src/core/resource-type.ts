/**
 * Typed resource types. One constant per type string (`SUBNET = defineResourceType<SubnetSpec,
 * SubnetOutputs>('ec2:subnet')`, in the type's `type.ts`, which imports nothing but this core), so that
 * - an expander builds a desired resource whose spec the compiler checks against the type's spec,
 *   with references allowed wherever a value is (`desiredOf`, `Input`);
 * - a reference to another type's output names a field that type really outputs, of the right type
 *   (`outputOf(VPC, address, 'id')` is a `Ref<string>`);
 * - a reconciler receives its own spec and outputs types, without casts (`defineReconciler`).
 * The engine keeps working on the erased shapes (`DesiredResource`, `ObservedResource`, `Reconciler`);
 * the one place the types are erased is `defineReconciler`.
 */
import type { Created, FieldChange, Reconciler, ReconcilerContext, CreateOptions } from './reconciler.js';
import type { DesiredResource, ObservedResource, Ref } from './types.js';

declare const typeParameters: unique symbol;

export interface ResourceType<Spec extends object, Outputs extends object> {
  /** `<service>:<type>`, e.g. `ec2:subnet`. */
  readonly name: string;
  /** Phantom, for inference only. Never set. */
  readonly [typeParameters]?: { readonly spec: Spec; readonly outputs: Outputs };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResourceType = ResourceType<any, any>;
export type SpecOf<T> = T extends ResourceType<infer S, object> ? S : never;
export type OutputsOf<T> = T extends ResourceType<object, infer O> ? O : never;

export function defineResourceType<Spec extends object, Outputs extends object>(name: string): ResourceType<Spec, Outputs> {
  return { name };
}

/**
 * A reference to `field` of the resource at `address`, of the output's own type. An optional output
 * (`arn?`) refers to its present type: a reference never resolves to `undefined` (an output still
 * missing at apply stops the dependent with a TerminalError, `resolveForApply` in engine/apply.ts).
 */
export function outputOf<O extends object, K extends keyof O & string>(
  _type: ResourceType<object, O>,
  address: string,
  field: K,
): Ref<Exclude<O[K], undefined>> {
  return { $ref: { address, field } };
}

/** A desired value: the value itself, a reference to an output of that type, or (for lists and objects) made of inputs. */
export type Input<T> =
  | T
  | Ref<T>
  | (T extends readonly (infer E)[] ? readonly Input<E>[] : T extends object ? { readonly [K in keyof T]: Input<T[K]> } : never);

/** A desired spec: every field an {@link Input}. */
export type DesiredSpec<S> = { readonly [K in keyof S]: Input<S[K]> };

/** Builds a desired resource of `type`, its spec checked against the type's (references allowed). */
export function desiredOf<S extends object, O extends object>(
  type: ResourceType<S, O>,
  resource: Omit<DesiredResource, 'type' | 'spec'> & { readonly spec: DesiredSpec<S> },
): DesiredResource {
  return { ...resource, type: type.name, spec: resource.spec as Readonly<Record<string, unknown>> };
}

/** A desired resource of this type with every reference resolved (what `create` and `update` get). */
export interface Resolved<S> extends Omit<DesiredResource, 'spec'> {
  readonly spec: S;
}

/** A live resource of this type. Its spec may lack what the listing cannot read. */
export interface Observed<S, O> extends Omit<ObservedResource, 'spec' | 'outputs'> {
  readonly spec: Partial<S>;
  readonly outputs: O;
}

export interface TypedCreated<S, O> extends Omit<Created, 'outputs' | 'spec'> {
  readonly outputs: O;
  readonly spec?: Partial<S>;
}

/** The {@link Reconciler} contract, typed by the resource type (see `reconciler.ts` for each method's guarantees). */
export interface TypedReconciler<S extends object, O extends object>
  extends Omit<Reconciler, 'type' | 'observe' | 'findByAddress' | 'diff' | 'create' | 'update' | 'delete' | 'release' | 'supersede'> {
  readonly type: ResourceType<S, O>;
  observe(ctx: ReconcilerContext): Promise<Observed<S, O>[]>;
  findByAddress(ctx: ReconcilerContext, address: string): Promise<Observed<S, O>[]>;
  diff?(desired: Resolved<S>, observed: Observed<S, O>): FieldChange[];
  create(ctx: ReconcilerContext, desired: Resolved<S>, options: CreateOptions): Promise<TypedCreated<S, O>>;
  update(ctx: ReconcilerContext, desired: Resolved<S>, observed: Observed<S, O>, changes: readonly FieldChange[]): Promise<void>;
  delete(ctx: ReconcilerContext, observed: Observed<S, O>): Promise<void>;
  release(ctx: ReconcilerContext, observed: Observed<S, O>): Promise<void>;
  supersede?(ctx: ReconcilerContext, observed: Observed<S, O>, runId: string): Promise<void>;
}

/**
 * Erases a typed reconciler for the registry. Sound because the engine hands a reconciler only the
 * desired and observed resources of its own type (it dispatches by `type`), resolved by `plan`/`apply`.
 */
export function defineReconciler<S extends object, O extends object>(reconciler: TypedReconciler<S, O>): Reconciler {
  return { ...reconciler, type: reconciler.type.name } as unknown as Reconciler;
}

/**
 * A typed observed resource in the engine's erased shape (for tests and other untyped callers of an
 * `observe` builder). The cast is sound: the value is the same plain object; only an interface's lack
 * of an index signature keeps the compiler from seeing it as `ObservedResource`.
 */
export function erasedObserved<S extends object, O extends object>(resource: Observed<S, O>): ObservedResource {
  return resource as unknown as ObservedResource;
}

/** The observed shape of a typed resource, for `observe` builders. */
export function observed<S extends object, O extends object>(type: ResourceType<S, O>, resource: Omit<Observed<S, O>, 'type'>): Observed<S, O> {
  return { ...resource, type: type.name };
}
