import { describe, expect, it } from 'vitest';
import { PriorityLimit } from './priority-limit.js';

describe('PriorityLimit', () => {
  it('starts queued urgent work before queued ordinary work, each in order, never more than the limit at once', async () => {
    const limit = new PriorityLimit(2);
    const order: string[] = [];
    let running = 0;
    let most = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      order.push(name);
      await gate;
      running -= 1;
      return name;
    };
    const all = [
      limit.run(task('a')),
      limit.run(task('b')),
      limit.run(task('c')),
      limit.run(task('d')),
      limit.run(task('urgent-1'), true),
      limit.run(task('urgent-2'), true),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['a', 'b']);
    release();
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'urgent-1', 'urgent-2']);
    expect(order).toEqual(['a', 'b', 'urgent-1', 'urgent-2', 'c', 'd']);
    expect(most).toBe(2);
    expect(limit.active).toBe(0);
  });

  it('passes a failure through and keeps going', async () => {
    const limit = new PriorityLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 1)).resolves.toBe(1);
  });
});
