/** Every manifest kind and its handler. Adding a kind: a schema in schemas/, a handler file, one line here. */
import type { KindRegistry } from './kind.js';
import { network } from './network.js';
import { service } from './service.js';
import { share } from './share.js';

export const KINDS: KindRegistry = {
  Network: network,
  // Service and Share are validated completely; their expansion into AWS resources comes later (today: none).
  Service: service,
  Share: share,
};
