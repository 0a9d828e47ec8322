import type { HandlerContext } from '../module.js';

/** Every simulated region has three zones, `<region>a` to `<region>c`. */
export const ZONE_SUFFIXES = ['a', 'b', 'c'] as const;

export function availabilityZones(region: string): string[] {
  return ZONE_SUFFIXES.map((suffix) => `${region}${suffix}`);
}

/** The zone if it belongs to the caller's region, else `InvalidParameterValue` as AWS answers. */
export function requireAvailabilityZone(ctx: HandlerContext, zone: string): string {
  if (!availabilityZones(ctx.region).includes(zone)) {
    throw ctx.error(
      'InvalidParameterValue',
      `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${availabilityZones(ctx.region).join(', ')}.`,
    );
  }
  return zone;
}
