/** Every manifest kind and its handler. Adding a kind: a schema in schemas/, a handler file, one line here. */
import type { KindRegistry } from './kind.js';
import { network } from './network.js';

/** Declared in the schema but not implemented yet: accepted, checked by the schema only, and expanded to nothing. */
const notYetImplemented = { check: () => undefined, expand: () => [] };

export const KINDS: KindRegistry = {
  Network: network,
  // Later issues give Service and Share their spec schemas, checks and resources.
  Service: notYetImplemented,
  Share: notYetImplemented,
};
