/**
 * The resource factory every kind's expansion shares: a desired resource with the manifest's scope (or
 * another one), deletion policy, ignoreDrift, mode and standard tags, its spec checked against its type.
 */
import { desiredOf, type DesiredSpec, type ResourceType } from '../../core/resource-type.js';
import type { DesiredResource, Scope } from '../../core/types.js';
import type { ExpandContext } from './kind.js';

export interface ResourceInput<S extends object, O extends object> {
  readonly address: string;
  /** The type constant (`SUBNET`): the spec is checked against it. */
  readonly type: ResourceType<S, O>;
  readonly spec: DesiredSpec<S>;
  /** The `Name` tag. */
  readonly name: string;
  /** JSON pointer (relative to the manifest) of the element that declared the resource. */
  readonly source: string;
  /** Tags between the manifest's and `Name` (a subnet group's `tags`, `trellis:tier`). */
  readonly tags?: Readonly<Record<string, string | undefined>>;
  /** Addresses created first although no field refers to them (`DesiredResource.dependsOn`). */
  readonly dependsOn?: readonly string[];
  /** Versioned types: old versions kept (`DesiredResource.keepVersions`). */
  readonly keepVersions?: number;
}

export type ResourceFactory = <S extends object, O extends object>(input: ResourceInput<S, O>) => DesiredResource;

/** A factory for the resources of one manifest, in `scope` (default: the manifest's own). */
export function resourceFactory(context: ExpandContext, scope: Scope = context.scope): ResourceFactory {
  return (input) =>
    desiredOf(input.type, {
      address: input.address,
      scope,
      spec: input.spec,
      tags: context.tags(input.address, { ...input.tags, Name: input.name }),
      ...(input.dependsOn ? { dependsOn: input.dependsOn } : {}),
      ...(input.keepVersions !== undefined ? { keepVersions: input.keepVersions } : {}),
      source: context.source(input.source),
      deletionPolicy: context.deletionPolicy,
      ignoreDrift: context.ignoreDrift,
      mode: context.mode,
    });
}
