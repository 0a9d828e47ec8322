/** Call counters by `<service>:<operation>`, every attempt included (throttled and failed ones too). */

export interface CallCounter {
  total(): number;
  /** Calls that change state (see {@link isMutating}). */
  mutating(): number;
  /** Keys like `EC2:DescribeVpcs`, `STS:AssumeRole`. */
  byOperation(): Record<string, number>;
  count(operation: string): number;
  mutatingOperations(): Record<string, number>;
  reset(): void;
}

const MUTATING_PREFIXES = [
  'Create', 'Delete', 'Modify', 'Associate', 'Disassociate', 'Attach', 'Detach', 'Replace', 'Accept', 'Reject',
  'Put', 'Update', 'Tag', 'Untag', 'Enable', 'Disable', 'Allocate', 'Release', 'Authorize', 'Revoke', 'Register',
  'Deregister', 'Set', 'Start', 'Stop',
  // ELBv2 tags (AddTags, RemoveTags), CloudTrail tags (AddTags, RemoveTags).
  'Add', 'Remove',
];

/**
 * Whether an operation changes state, by its verb. `AssumeRole` and `Get*`/`Describe*`/`List*` do not.
 * A verb must be followed by an uppercase letter or the end, so `Settle…` is not `Set`.
 */
export function isMutating(operation: string): boolean {
  return MUTATING_PREFIXES.some(
    (prefix) => operation.startsWith(prefix) && (operation.length === prefix.length || /[A-Z]/.test(operation[prefix.length]!)),
  );
}

export class CallLog implements CallCounter {
  private counts = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  mutating(): number {
    return Object.values(this.mutatingOperations()).reduce((a, b) => a + b, 0);
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  mutatingOperations(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.byOperation()).filter(([key]) => isMutating(key.slice(key.indexOf(':') + 1))),
    );
  }

  reset(): void {
    this.counts.clear();
  }
}
