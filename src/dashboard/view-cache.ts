// What a user's pages are made of — the view of a period in a zone and its renderings (page body,
// wallboard, JSON, CSV) — made once per change of that user's live state and second of "now", then
// shared by every request and event stream of that user until either moves on. Rendering costs
// milliseconds; 200 supervisors loading at once must not pay it 200 times.
//
// Entries hang off the LiveState object itself (a WeakMap), not off a key built from names: a
// user's state is theirs alone (the hub keys it by vendor, org and user id), so no key collision can
// hand one user's answer to another, and a state that is dropped takes its entries with it.
import type { LiveState } from './live-state.js';

interface Slot {
  version: number;
  second: number;
  entries: Map<string, unknown>;
}

interface ViewCache {
  /**
   * The entry `key` of `state` as of `version` (read before any await that led here) and `second`
   * (the "now" it is rendered for), made by `make` the first time. A request that raced behind a
   * newer change gets its own, uncached, answer.
   */
  get<T>(state: LiveState, version: number, second: number, key: string, make: () => T): T;
}

export function createViewCache(): ViewCache {
  const slots = new WeakMap<LiveState, Slot>();
  return {
    get<T>(state: LiveState, version: number, second: number, key: string, make: () => T): T {
      let slot = slots.get(state);
      if (!slot || slot.version !== version || slot.second !== second) {
        if (slot && (version < slot.version || (version === slot.version && second < slot.second))) return make();
        slot = { version, second, entries: new Map() };
        slots.set(state, slot);
      }
      if (slot.entries.has(key)) return slot.entries.get(key) as T;
      const made = make();
      slot.entries.set(key, made);
      return made;
    },
  };
}
