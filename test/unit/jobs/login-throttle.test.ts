import { describe, expect, it } from 'vitest';
import { lockedForMs, recordFailure, type ThrottleRecord } from '../../../src/users/login-throttle.js';

const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

describe('login throttle', () => {
  it('locks after maxFailures within the window, for lockMs', () => {
    let r: ThrottleRecord | null = null;
    for (let i = 0; i < policy.maxFailures - 1; i++) {
      r = recordFailure(r, 1000 + i, policy);
      expect(lockedForMs(r, 1000 + i)).toBe(0);
    }
    r = recordFailure(r, 2000, policy);
    expect(lockedForMs(r, 2000)).toBe(policy.lockMs);
    expect(lockedForMs(r, 2000 + policy.lockMs - 1)).toBe(1);
    expect(lockedForMs(r, 2000 + policy.lockMs)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    let r = recordFailure(null, 0, policy);
    r = recordFailure(r, 1, policy);
    r = recordFailure(r, policy.windowMs + 10, policy);
    expect(r.failures).toBe(1);
    expect(lockedForMs(r, policy.windowMs + 10)).toBe(0);
  });
});
