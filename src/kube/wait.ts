// Waiting for something to happen in a cluster's world, judged in virtual time: what waits (run
// command waiting for its pod to start) probes the world every few real milliseconds and gives up
// once the emulator's clock passes its deadline. A manual clock's deadline passes when the clock
// is advanced; a realtime clock's as it runs. An instant clock only jumps to work it knows of, so
// after `idleMs` of real time with nothing happening the waiter is told once (`onIdle`) and may
// move the clock to its deadline itself. Lives here, not in a provider: providers set no timers.

export type WaitOptions<T> = {
  probe: () => T | undefined;
  now: () => number;
  deadline: number;
  intervalMs?: number;
  idleMs?: number;
  onIdle?: () => void;
};

export function waitInVirtualTime<T>(o: WaitOptions<T>): Promise<T | undefined> {
  const interval = o.intervalMs ?? 20;
  let waited = 0;
  let idled = false;
  return new Promise((resolve, reject) => {
    const tick = () => {
      try {
        const hit = o.probe();
        if (hit !== undefined) return resolve(hit);
        if (o.now() >= o.deadline) return resolve(undefined);
        waited += interval;
        if (!idled && o.onIdle && waited >= (o.idleMs ?? 300)) {
          idled = true;
          o.onIdle();
          return tick();
        }
        setTimeout(tick, interval).unref();
      } catch (err) {
        reject(err as Error);
      }
    };
    tick();
  });
}
