/** Shared by the EC2 reconcilers' tests: desired resources and reconciler contexts. */
import type { DesiredResource } from '../../core/types.js';
import { TEST_SCOPE } from '../test-context.js';

export const SCOPE = TEST_SCOPE;

export function desiredResource(type: string, address: string, spec: Record<string, unknown>, tags: Record<string, string> = {}): DesiredResource {
  return {
    address,
    type,
    scope: SCOPE,
    spec,
    tags: { Name: address.split('/').pop()!, 'trellis:owner': 'trellis', 'trellis:address': address, ...tags },
    source: { file: 'net.json', pointer: '/spec' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

export { mockContext, simContext } from '../test-context.js';
