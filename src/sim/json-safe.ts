/**
 * Responses kept in the state (client-token replays) may hold Dates; the state must stay plain JSON.
 * Dates are stored as `{ "$date": epochMs }` and revived on the way out.
 */
export function toJsonSafe(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

export function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$date' && typeof record.$date === 'number') return new Date(record.$date);
    return Object.fromEntries(keys.map((k) => [k, fromJsonSafe(record[k])]));
  }
  return value;
}
