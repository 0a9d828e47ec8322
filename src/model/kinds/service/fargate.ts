/**
 * The task sizes Fargate accepts: CPU units → memory in MiB. From the ECS RegisterTaskDefinition
 * `memory` parameter (Amazon ECS API Reference; docs/aws-behaviour.md §1): 256 → 512, 1024, 2048;
 * 512 → 1024–4096 and 1024 → 2048–8192 in 1 GB steps; 2048 → 4096–16384 and 4096 → 8192–30720 in
 * 1024 MiB steps; 8192 → 16–60 GB in 4 GB steps; 16384 → 32–120 GB in 8 GB steps (the last two on
 * platform version 1.4.0 or later).
 */
function steps(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);
}

export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

/** `2048–16384 in steps of 1024`, or the list when it is short. */
export function describeMemory(cpu: number): string {
  const allowed = FARGATE_MEMORY[cpu] ?? [];
  if (allowed.length <= 3) return allowed.join(', ');
  const [first = 0, second = 0] = allowed;
  return `${first}-${allowed[allowed.length - 1] ?? first} in steps of ${second - first}`;
}
