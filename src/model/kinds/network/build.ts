/** What every expansion function of a Network shares: the manifest, its layout and a resource factory. */
import { desiredOf, type DesiredSpec, type ResourceType } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import type { NetworkManifest, NetworkSpec } from '../../types.js';
import type { ExpandContext } from '../kind.js';
import { networkLayout, type NetworkLayout } from './layout.js';

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
}

export interface NetworkBuild {
  /** The Network's `metadata.name`. */
  readonly name: string;
  readonly spec: NetworkSpec;
  readonly region: string;
  readonly layout: NetworkLayout;
  readonly context: ExpandContext;
  /** A desired resource with the manifest's scope, policies and standard tags, its spec checked against its type. */
  resource<S extends object, O extends object>(input: ResourceInput<S, O>): DesiredResource;
}

export function networkBuild(manifest: NetworkManifest, context: ExpandContext): NetworkBuild {
  const { name } = manifest.metadata;
  const region = context.scope.region;
  return {
    name,
    spec: manifest.spec,
    region,
    layout: networkLayout(manifest.spec, region),
    context,
    resource: (input) =>
      desiredOf(input.type, {
        address: input.address,
        scope: context.scope,
        spec: input.spec,
        tags: context.tags(input.address, { ...input.tags, Name: input.name }),
        ...(input.dependsOn ? { dependsOn: input.dependsOn } : {}),
        source: context.source(input.source),
        deletionPolicy: context.deletionPolicy,
        ignoreDrift: context.ignoreDrift,
        mode: context.mode,
      }),
  };
}
