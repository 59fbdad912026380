// The idle lock: after `limitMs` without a sign of the user (pointer, keyboard), lock the desk.
// Signs of activity are cheap (a time is noted); one timer checks when the limit may be due.
// The Rust side has its own idle limit that only commands reset, so while the user is active
// but no command runs (typing a long note), `onKeepAlive` is called now and then to tell it.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface IdleOptions {
  limitMs: number;
  /** Called once, when the limit passes without activity. The lock then stops. */
  onIdle: () => void;
  /** Called on activity at most once per half limit (the start counts as the first). */
  onKeepAlive?: () => void;
  clock?: Clock;
}

export interface IdleLock {
  /** The user did something. */
  touch(): void;
  /** Stop watching (signed out). */
  stop(): void;
}

/** Start watching for idleness now. A limit of 0 or less never locks. */
export function idleLock({ limitMs, onIdle, onKeepAlive, clock = realClock }: IdleOptions): IdleLock {
  let last = clock.now();
  let lastKeepAlive = last;
  let handle: unknown = null;
  let stopped = !(limitMs > 0);

  function schedule(ms: number) {
    handle = clock.setTimeout(check, Math.max(0, ms));
  }

  function check() {
    handle = null;
    if (stopped) return;
    const idle = clock.now() - last;
    if (idle >= limitMs) {
      stopped = true;
      onIdle();
    } else {
      schedule(limitMs - idle);
    }
  }

  if (!stopped) schedule(limitMs);

  return {
    touch() {
      if (stopped) return;
      last = clock.now();
      if (onKeepAlive && last - lastKeepAlive >= limitMs / 2) {
        lastKeepAlive = last;
        onKeepAlive();
      }
    },
    stop() {
      stopped = true;
      if (handle !== null) clock.clearTimeout(handle);
      handle = null;
    },
  };
}

/** The DOM events that count as the user being there. */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'input'] as const;
