import { describe, expect, it } from 'vitest';
import { KNOWN_AFTER_APPLY, setChange, valueChange } from './diff.js';

describe('set and value changes', () => {
  it('ignores the order of set members and of object keys', () => {
    expect(setChange('routes', [{ b: 1, a: 2 }, { a: 1 }], [{ a: 1 }, { a: 2, b: 1 }])).toBeUndefined();
  });

  it('reports added and removed members with both sides sorted', () => {
    expect(setChange('subnetIds', ['subnet-b', 'subnet-c'], ['subnet-a', 'subnet-b'])).toEqual({
      path: 'subnetIds',
      from: ['subnet-a', 'subnet-b'],
      to: ['subnet-b', 'subnet-c'],
      replace: false,
    });
  });

  it('treats a member not known before apply as a change', () => {
    const change = setChange('subnetIds', [KNOWN_AFTER_APPLY, 'subnet-a'], ['subnet-a']);
    expect(change?.to).toEqual(['subnet-a', KNOWN_AFTER_APPLY]);
  });

  it('compares values by content and flags replacement when asked', () => {
    expect(valueChange('vpcId', 'vpc-1', 'vpc-1', true)).toBeUndefined();
    expect(valueChange('vpcId', KNOWN_AFTER_APPLY, 'vpc-1', true)).toEqual({ path: 'vpcId', from: 'vpc-1', to: KNOWN_AFTER_APPLY, replace: true });
  });
});
