/** Compiles schemas/ to TypeScript in memory: output path (relative to the repository root) → content. */
export function generateTypes(): Promise<Map<string, string>>;
