import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../src/http/read-cache.js';

describe('ReadCache', () => {
  it('computes once per key until invalidated', () => {
    const cache = new ReadCache();
    let calls = 0;
    const compute = () => ({ n: ++calls });
    const text = (key: string) => cache.json(key, compute).body.toString();
    expect(text('a')).toBe('{"n":1}');
    expect(text('a')).toBe('{"n":1}');
    expect(text('b')).toBe('{"n":2}');
    expect(cache.json('a', compute).etag).not.toBe(cache.json('b', compute).etag);
    cache.invalidate();
    expect(text('a')).toBe('{"n":3}');
  });
  it('stays bounded when queries vary', () => {
    const cache = new ReadCache(3);
    let calls = 0;
    for (const k of ['a', 'b', 'c', 'd']) cache.json(k, () => ++calls);
    expect(cache.json('a', () => ++calls).body.toString()).toBe('5');
  });
});
