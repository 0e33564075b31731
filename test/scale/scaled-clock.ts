// A clock that runs `speed` times faster than the wall clock from `originMs` on. Processes given the
// same origin and speed agree on the time, so an emulator and several replica processes can live
// through token lifetimes and rate-limit minutes in seconds, over real HTTP and real Redis.
import { type Clock, systemClock } from '../../src/core/index.js';

export function createScaledClock(originMs: number, speed: number): Clock {
  return {
    now: () => originMs + (Date.now() - originMs) * speed,
    sleep: (ms, signal) => systemClock.sleep(Math.ceil(ms / speed), signal),
  };
}
