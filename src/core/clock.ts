/**
 * Time, injected. Everything that waits (retry backoff, readiness polling, the simulation's latency)
 * and everything that reads the time (deadlines, the simulation's asynchronous states) goes through a
 * {@link Clock}, so that against the simulation a NAT gateway that takes three minutes to become
 * available takes no real time, and no test sleeps.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Real time: what runs against AWS uses it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Discrete-event time: the clock stands still while work is in progress, and when every task is
 * waiting on it, it jumps to the earliest pending `sleep` and wakes it. Work that is "concurrent" in
 * virtual time interleaves as it would in real time (a create proceeds while a NAT gateway is being
 * provisioned), and the clock's reading at the end is the run's duration under the latency model.
 *
 * "Every task is waiting" is detected by letting the event loop turn a few times (`setImmediate`)
 * with no new timer armed: promise chains settle within a turn. Real I/O that takes longer (a file
 * read) does not hold the clock back; nothing trellis does depends on that.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #scheduled = false;
  /** Event-loop turns to wait, with no new timer, before time may advance. */
  static readonly IDLE_TURNS = 3;

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by hand (tests that step a simulation between calls). */
  advance(ms: number): void {
    this.#now += Math.max(0, ms);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve };
      // Keep the list sorted by (at, seq): stable for equal deadlines.
      let index = this.#timers.length;
      while (index > 0 && this.#timers[index - 1]!.at > timer.at) index -= 1;
      this.#timers.splice(index, 0, timer);
      this.#schedule(VirtualClock.IDLE_TURNS);
    });
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  #schedule(turns: number): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const armed = this.#seq;
    const turn = (left: number) => {
      setImmediate(() => {
        if (this.#seq !== armed) {
          // A new timer was armed meanwhile: something is still running; wait for it to settle.
          this.#scheduled = false;
          this.#schedule(turns);
          return;
        }
        if (left > 1) return turn(left - 1);
        this.#scheduled = false;
        this.#fireEarliest();
      });
    };
    turn(turns);
  }

  #fireEarliest(): void {
    const first = this.#timers[0];
    if (!first) return;
    this.#now = Math.max(this.#now, first.at);
    const due = this.#timers.filter((timer) => timer.at <= this.#now);
    this.#timers = this.#timers.slice(due.length);
    for (const timer of due) timer.resolve();
    if (this.#timers.length > 0) this.#schedule(VirtualClock.IDLE_TURNS);
  }
}
