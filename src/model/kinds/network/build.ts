/** What every expansion function of a Network shares: the manifest, its layout and a resource factory. */
import type { NetworkManifest, NetworkSpec } from '../../types.js';
import { resourceFactory, type ResourceFactory } from '../build.js';
import type { ExpandContext } from '../kind.js';
import { networkLayout, type NetworkLayout } from './layout.js';

export interface NetworkBuild {
  /** The Network's `metadata.name`. */
  readonly name: string;
  readonly spec: NetworkSpec;
  readonly region: string;
  readonly layout: NetworkLayout;
  readonly context: ExpandContext;
  /** A desired resource with the manifest's scope, policies and standard tags, its spec checked against its type. */
  readonly resource: ResourceFactory;
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
    resource: resourceFactory(context),
  };
}
