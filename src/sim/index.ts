/**
 * The simulated AWS (ARCHITECTURE.md, "The simulated AWS"): in-process, under the real SDK v3 clients.
 *
 * ```ts
 * const sim = new Simulation({ pageSize: 2 });
 * const ec2 = sim.client(EC2Client, { account: '111111111111', region: 'eu-west-1' });
 * ```
 */
export { Simulation, MIDDLEWARE_NAME } from './simulation.js';
export type { SimOptions } from './options.js';
export type { CallCounter } from './calls.js';
export { isMutating } from './calls.js';
export type { SimState } from './state.js';
export type { SimModule, HandlerContext, Handler, TaggableKind, Identity } from './module.js';
export { defineHandler } from './module.js';
export { NotImplementedInSimulation } from './errors.js';
export { withClientToken } from './client-token.js';
export type { AsyncKind } from './options.js';
export { AWS_REQUEST_RATES, type RequestRates, type ServiceRates } from './rates.js';
