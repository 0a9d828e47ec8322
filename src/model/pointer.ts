/** RFC 6901 JSON pointer helpers. */

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `pointer('/spec', 'subnets', 1)` → `/spec/subnets/1`. */
export function pointer(base: string, ...segments: ReadonlyArray<string | number>): string {
  return base + segments.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');
}
