/**
 * A concurrency limiter with two lanes: urgent work starts before any queued ordinary work, each lane
 * first in, first out. Apply marks urgent the steps on a path to a resource AWS provisions
 * asynchronously (a NAT gateway and what it needs), so minutes of provisioning start as early as the
 * limiter allows instead of queueing behind independent work (issue 11: a FIFO limiter put the last
 * NAT gateway of 100 networks behind ~1,500 other steps).
 */
export class PriorityLimit {
  readonly #urgent: (() => void)[] = [];
  readonly #ordinary: (() => void)[] = [];
  #active = 0;

  constructor(private readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new Error(`concurrency must be at least 1 (got ${concurrency})`);
  }

  run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.#active += 1;
        Promise.resolve().then(task).then(resolve, reject).finally(() => {
          this.#active -= 1;
          this.#next();
        });
      };
      (urgent ? this.#urgent : this.#ordinary).push(start);
      this.#next();
    });
  }

  /** Tasks started and not finished. */
  get active(): number {
    return this.#active;
  }

  #next(): void {
    while (this.#active < this.concurrency) {
      const start = this.#urgent.shift() ?? this.#ordinary.shift();
      if (!start) return;
      start();
    }
  }
}
