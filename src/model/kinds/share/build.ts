/** What every expansion function of a Share shares: addresses, and a resource factory for any scope. */
import {
  desiredOf,
  type DesiredSpec,
  type ResourceType,
} from "../../../core/resource-type.js";
import type { DesiredResource, Scope } from "../../../core/types.js";
import type { ShareManifest } from "../../types.js";
import type { ExpandContext } from "../kind.js";

/** `share/<name>/<resource type>/<local name>` (docs/resources.md). */
export function shareAddress(
  shareName: string,
  type: string,
  local: string,
): string {
  return `share/${shareName}/${type}/${local}`;
}

export interface ShareResourceInput<S extends object, O extends object> {
  readonly address: string;
  readonly type: ResourceType<S, O>;
  readonly spec: DesiredSpec<S>;
  /** The `Name` tag. */
  readonly name: string;
  /** JSON pointer (relative to the manifest) of the element that declared the resource. */
  readonly source: string;
  /** Default: the Share's scope. */
  readonly scope?: Scope;
  readonly tags?: Readonly<Record<string, string | undefined>>;
  readonly dependsOn?: readonly string[];
}

export interface ShareBuild {
  readonly name: string;
  readonly manifest: ShareManifest;
  readonly context: ExpandContext;
  resource<S extends object, O extends object>(
    input: ShareResourceInput<S, O>,
  ): DesiredResource;
}

export function shareBuild(
  manifest: ShareManifest,
  context: ExpandContext,
): ShareBuild {
  return {
    name: manifest.metadata.name,
    manifest,
    context,
    resource: (input) =>
      desiredOf(input.type, {
        address: input.address,
        scope: input.scope ?? context.scope,
        spec: input.spec,
        tags: context.tags(input.address, { ...input.tags, Name: input.name }),
        ...(input.dependsOn && input.dependsOn.length > 0
          ? { dependsOn: input.dependsOn }
          : {}),
        source: context.source(input.source),
        deletionPolicy: context.deletionPolicy,
        ignoreDrift: context.ignoreDrift,
        mode: context.mode,
      }),
  };
}
