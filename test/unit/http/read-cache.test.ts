import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../src/http/read-cache.js';

describe('ReadCache', () => {
  it('computes once per key until invalidated', () => {
    const cache = new ReadCache();
    let calls = 0;
    const compute = () => ({ n: ++calls });
    expect(cache.json('a', compute)).toBe('{"n":1}');
    expect(cache.json('a', compute)).toBe('{"n":1}');
    expect(cache.json('b', compute)).toBe('{"n":2}');
    cache.invalidate();
    expect(cache.json('a', compute)).toBe('{"n":3}');
  });
  it('stays bounded when queries vary', () => {
    const cache = new ReadCache(3);
    let calls = 0;
    for (const k of ['a', 'b', 'c', 'd']) cache.json(k, () => ++calls);
    expect(cache.json('a', () => ++calls)).toBe('5');
  });
});
