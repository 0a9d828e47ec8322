/**
 * Readiness, as an engine step: a resource AWS creates asynchronously (a NAT gateway `pending` →
 * `available`, an NLB `provisioning` → `active`) is waited for only when a dependent needs it, and
 * outside the concurrency limiter, so a three-minute wait never holds a slot that independent work
 * could use. One poller per (scope, type) asks for every waiting resource of that type in one call
 * (`Reconciler.readiness.check`), with delays doubling from `WaitTiming.firstDelayMs` to `maxDelayMs`;
 * a resource not ready after `timeoutMs` fails.
 */
import type { Reconciler, ReconcilerContext, WaitTiming } from '../core/reconciler.js';
import { TerminalError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';

interface Waiter {
  readonly id: string;
  readonly deadline: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

class Poller {
  readonly #waiting = new Map<string, Waiter[]>();
  #running = false;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly ctx: ReconcilerContext,
    private readonly timing: WaitTiming,
    private readonly clock: Clock,
  ) {}

  wait(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(id) ?? [];
      waiters.push({ id, deadline: this.clock.now() + this.timing.timeoutMs, resolve, reject });
      this.#waiting.set(id, waiters);
      if (!this.#running) void this.#loop();
    });
  }

  async #loop(): Promise<void> {
    this.#running = true;
    let delay = this.timing.firstDelayMs;
    try {
      while (this.#waiting.size > 0) {
        const ids = [...this.#waiting.keys()];
        let states: ReadonlyMap<string, ReadyState>;
        try {
          states = await this.reconciler.readiness!.check(this.ctx, ids);
        } catch (error) {
          this.#settle(ids, error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        const now = this.clock.now();
        for (const id of ids) {
          const state = states.get(id) ?? 'pending';
          if (state === 'ready') this.#settle([id]);
          else if (state !== 'pending') this.#settle([id], new TerminalError(`${this.reconciler.type} ${id} failed: ${state.failed}`));
          else {
            const waiters = this.#waiting.get(id) ?? [];
            const late = waiters.filter((waiter) => waiter.deadline <= now);
            for (const waiter of late) waiter.reject(new TerminalError(`gave up waiting for ${this.reconciler.type} ${id} to be ready after ${this.timing.timeoutMs} ms`));
            const left = waiters.filter((waiter) => waiter.deadline > now);
            if (left.length > 0) this.#waiting.set(id, left);
            else this.#waiting.delete(id);
          }
        }
        if (this.#waiting.size === 0) break;
        await this.clock.sleep(delay);
        delay = Math.min(delay * 2, this.timing.maxDelayMs);
      }
    } finally {
      this.#running = false;
    }
  }

  #settle(ids: readonly string[], error?: Error): void {
    for (const id of ids) {
      for (const waiter of this.#waiting.get(id) ?? []) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      this.#waiting.delete(id);
    }
  }
}

/** `failed`: AWS says it will never get there (NAT gateway `failed`, with its failure message). */
export type ReadyState = 'ready' | 'pending' | { readonly failed: string };

/** The pollers of one apply, one per (scope, type). */
export class Readiness {
  readonly #pollers = new Map<string, Poller>();

  constructor(
    private readonly timing: WaitTiming,
    private readonly clock: Clock,
  ) {}

  /** Resolves when `id` is ready; rejects with a TerminalError when it failed or the wait timed out. */
  wait(reconciler: Reconciler, ctx: ReconcilerContext, id: string): Promise<void> {
    const key = `${ctx.scope.account}/${ctx.scope.region}/${reconciler.type}`;
    let poller = this.#pollers.get(key);
    if (!poller) {
      poller = new Poller(reconciler, ctx, this.timing, this.clock);
      this.#pollers.set(key, poller);
    }
    return poller.wait(id);
  }
}
