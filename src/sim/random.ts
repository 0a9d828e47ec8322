/**
 * mulberry32: a tiny seeded PRNG whose whole state is one uint32, so it is saved with the simulation
 * state and IDs keep not repeating after a load.
 */
export class Random {
  constructor(private seed: number) {}

  get state(): number {
    return this.seed;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) >>> 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      out += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    }
    return out.slice(0, length);
  }

  /** A version-4-shaped UUID, like AWS request IDs. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
