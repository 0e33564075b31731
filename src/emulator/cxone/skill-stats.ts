// One skill's figures over a window, from the ended conversations of the traffic: the numbers that
// skills/summary and skills/sla-summary both report, computed once so the two always agree.
import type { SeedQueue } from '../seed-org.js';
import type { SimConversation } from '../traffic/traffic.js';

interface SkillStats {
  /** Every ended conversation of the skill in the window. */
  ended: readonly SimConversation[];
  offered: number;
  handled: SimConversation[];
  /** Answered within the skill's threshold. */
  withinSla: number;
  /** Every other offered contact (answered late or abandoned), as CXone counts it. */
  outOfSla: number;
  /** Whole percent of offered contacts answered within the threshold. */
  serviceLevel: number;
}

/** `ended` holds the conversations of this skill only. */
export function skillStats(queue: SeedQueue, ended: readonly SimConversation[]): SkillStats {
  const handled = ended.filter((conv) => conv.answered);
  const withinSla = handled.filter((conv) => conv.waitMs <= queue.serviceLevel.thresholdSeconds * 1000).length;
  return {
    ended,
    offered: ended.length,
    handled,
    withinSla,
    outOfSla: ended.length - withinSla,
    serviceLevel: ended.length ? Math.round((withinSla / ended.length) * 100) : 0,
  };
}
