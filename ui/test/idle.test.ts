import { describe, expect, it } from 'vitest';
import { idleLock, type Clock } from '../src/lib/idle';

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 1_000_000;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const due = timers[0];
      if (!due || due.at > end) break;
      timers.shift();
      now = due.at;
      due.fn();
    }
    now = end;
  }
  return { clock, advance, pending: () => timers.length };
}

describe('the idle lock', () => {
  it('locks once after the limit without activity', () => {
    const c = fakeClock();
    let locks = 0;
    idleLock({ limitMs: 20_000, onIdle: () => locks++, clock: c.clock });
    c.advance(19_999);
    expect(locks).toBe(0);
    c.advance(1);
    expect(locks).toBe(1);
    c.advance(60_000);
    expect(locks).toBe(1);
    expect(c.pending()).toBe(0);
  });

  it('counts the limit from the last activity', () => {
    const c = fakeClock();
    let locks = 0;
    const idle = idleLock({ limitMs: 20_000, onIdle: () => locks++, clock: c.clock });
    c.advance(15_000);
    idle.touch();
    c.advance(15_000);
    expect(locks).toBe(0);
    idle.touch();
    c.advance(19_000);
    expect(locks).toBe(0);
    c.advance(1_000);
    expect(locks).toBe(1);
  });

  it('stops watching when stopped (signed out)', () => {
    const c = fakeClock();
    let locks = 0;
    const idle = idleLock({ limitMs: 1_000, onIdle: () => locks++, clock: c.clock });
    idle.stop();
    c.advance(10_000);
    expect(locks).toBe(0);
    expect(c.pending()).toBe(0);
  });

  it('never locks with a limit of zero', () => {
    const c = fakeClock();
    let locks = 0;
    idleLock({ limitMs: 0, onIdle: () => locks++, clock: c.clock });
    c.advance(1e9);
    expect(locks).toBe(0);
  });

  it('keeps the Rust session alive at most once per half limit while the user is active', () => {
    const c = fakeClock();
    let pings = 0;
    const idle = idleLock({ limitMs: 20_000, onIdle: () => {}, onKeepAlive: () => pings++, clock: c.clock });
    for (let i = 0; i < 40; i++) {
      c.advance(1_000);
      idle.touch();
    }
    // 40 s of steady activity: a ping at 10 s, 20 s, 30 s and 40 s.
    expect(pings).toBe(4);
    // No activity, no pings.
    c.advance(19_000);
    expect(pings).toBe(4);
  });

  it('does not ping or lock after it locked', () => {
    const c = fakeClock();
    let pings = 0;
    let locks = 0;
    const idle = idleLock({ limitMs: 2_000, onIdle: () => locks++, onKeepAlive: () => pings++, clock: c.clock });
    c.advance(2_000);
    idle.touch();
    c.advance(5_000);
    expect([locks, pings]).toEqual([1, 0]);
  });
});
