// Virtual time. The only module allowed to read system time or set timers: everything else asks a
// Clock, so the engine, the admission rules and the tests all agree on "now".
export type ClockMode = "realtime" | "manual" | "instant";

export type Clock = {
  readonly mode: ClockMode;
  readonly speed: number;
  /** Virtual milliseconds since the epoch. */
  now(): number;
  /** Wakes `wake` once virtual time reaches `at` (replaces any earlier request). */
  wakeAt(at: number, wake: () => void): void;
  /** Moves virtual time forward (manual clock only); runs a due wake synchronously. */
  advanceTo(at: number): void;
  /** Seconds of real time until virtual time reaches `at` (what Retry-After should say). */
  realSecondsUntil(at: number): number;
  /**
   * Puts virtual time at `at`, back or forward, whatever the mode (a snapshot restored, a reset):
   * a pending wake is dropped, for the engine to ask again. Nothing else moves time back.
   */
  setTo(at: number): void;
  close(): void;
};

export type ClockOptions = { mode: ClockMode; speed: number; startAt?: number };

/** Where virtual time stood when the emulator last started: it keeps flowing while it is down. */
export type ClockAnchor = { virtual: number; wall: number; speed: number };

/**
 * The virtual time to resume from after a restart: never earlier than any time a client may
 * have seen. A realtime clock keeps running at its speed during the downtime (operations on real
 * AKS go on while nobody watches); a manual clock resumes where the last advance left it.
 */
export function resumeVirtualTime(o: { anchor?: ClockAnchor; lastCommitted?: number; wallNow: number; mode: ClockMode }): number {
  const candidates: number[] = [];
  if (o.anchor) candidates.push(o.anchor.virtual + Math.max(0, o.wallNow - o.anchor.wall) * o.anchor.speed);
  if (o.lastCommitted !== undefined) candidates.push(o.lastCommitted);
  if (o.mode === "realtime" || candidates.length === 0) candidates.push(o.wallNow);
  return Math.max(...candidates);
}

export function createClock(opts: ClockOptions): Clock {
  if (opts.mode === "realtime") return realtimeClock(opts.speed, opts.startAt);
  return steppedClock(opts.mode, opts.startAt);
}

/** Wall-clock time, for the few things real clients check against it (certificate validity). */
export function systemNow(): number {
  return Date.now();
}

// Virtual time runs `speed` times faster than the wall clock, starting from `startAt` (a restart
// continues from the last persisted virtual time so operations never see time go backwards).
function realtimeClock(speed: number, startAt?: number): Clock {
  let realBase = Date.now();
  let virtualBase = Math.max(startAt ?? realBase, realBase);
  let timer: NodeJS.Timeout | undefined;
  const now = () => virtualBase + (Date.now() - realBase) * speed;
  return {
    mode: "realtime",
    speed,
    now,
    wakeAt(at, wake) {
      if (timer) clearTimeout(timer);
      const delay = Math.max(0, Math.ceil((at - now()) / speed));
      // Timers above 2^31-1 ms overflow to 1 ms in Node; cap and re-arm instead.
      timer = setTimeout(wake, Math.min(delay, 2 ** 31 - 1));
      timer.unref();
    },
    advanceTo() {
      throw new Error("the realtime clock cannot be advanced");
    },
    setTo(at) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      realBase = Date.now();
      virtualBase = at;
    },
    realSecondsUntil(at) {
      return Math.max(0, (at - now()) / speed / 1000);
    },
    close() {
      if (timer) clearTimeout(timer);
    },
  };
}

// manual: time moves only through advanceTo (the control API).
// instant: whenever work is waiting, time jumps straight to it on the next turn of the event loop,
// so operations finish at once yet keep realistic start and end times.
function steppedClock(mode: "manual" | "instant", startAt?: number): Clock {
  let current = startAt ?? Date.now();
  let pending: { at: number; wake: () => void } | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const clock: Clock = {
    mode,
    speed: mode === "instant" ? Number.POSITIVE_INFINITY : 0,
    now: () => current,
    wakeAt(at, wake) {
      pending = { at, wake };
      if (mode === "instant") {
        if (immediate) clearImmediate(immediate);
        immediate = setImmediate(() => {
          immediate = undefined;
          const due = pending;
          pending = undefined;
          if (!due) return;
          if (due.at > current) current = due.at;
          due.wake();
        });
      } else if (at <= current) {
        pending = undefined;
        wake();
      }
    },
    advanceTo(at) {
      if (at > current) current = at;
      const due = pending;
      if (due && due.at <= current) {
        pending = undefined;
        due.wake();
      }
    },
    setTo(at) {
      if (immediate) clearImmediate(immediate);
      immediate = undefined;
      pending = undefined;
      current = at;
    },
    realSecondsUntil(at) {
      // Nothing but the control API moves a manual clock: no amount of waiting gets there.
      void at;
      return 0;
    },
    close() {
      if (immediate) clearImmediate(immediate);
      pending = undefined;
    },
  };
  return clock;
}
