/** NAT gateways live in a public subnet: any mode but `none` needs a public subnet group. */
import type { CheckContext } from '../kind.js';
import type { NetworkLayout } from './layout.js';

export function checkNatGateways(layout: NetworkLayout, context: CheckContext): void {
  if (layout.natGateways !== 'none' && layout.groupsOfTier('public').length === 0) {
    context.report(
      '/spec/natGateways',
      `natGateways "${layout.natGateways}" needs a subnet group with tier "public" to place NAT gateways in; add one, or set natGateways to "none"`,
    );
  }
}
