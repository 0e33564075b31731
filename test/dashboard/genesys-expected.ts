// What a Genesys supervisor's view must show, counted on the emulator's traffic itself (no ccpulse
// mapper in between): each of the user's queues' live numbers and figures over a window, and each
// agent of those queues with their status, time in it and their work on the user's queues.
import { seedUser } from '../../src/emulator/index.js';
import { agentStatuses } from '../../src/emulator/traffic/agent-status.js';
import { conversationsInProgress, LONGEST_CONVERSATION_MS } from '../../src/emulator/traffic/traffic.js';
import { clock as mss } from './cxone-expected.js';
import type { Fixture } from './dashboard-fixture.js';

const LABELS: Record<string, string> = {
  IDLE: 'Available',
  INTERACTING: 'On a contact',
  NOT_RESPONDING: 'Not responding',
  OFF_QUEUE: 'Off queue',
};

/** What the traffic says a Genesys supervisor's view must show now, with the period [day.from, day.to). */
export function genesysTruth(f: Fixture, username: string, day: { from: number; to: number }) {
  const { org, context } = f.emulator;
  const now = f.clock.now();
  const mine = org.queues.filter((q) => seedUser(org, username).queueIds.includes(q.id));
  const statuses = agentStatuses(
    org,
    context.traffic.conversationsStarting(now - LONGEST_CONVERSATION_MS, now + 1),
    now,
  );
  const live = conversationsInProgress(context.traffic, now);
  // Each figure counts when Genesys emits it: offered on arrival, answered when the agent connects,
  // abandoned when the caller hangs up, handled when after-call work ends — up to now.
  const inPeriod = (ms: number) => ms >= day.from && ms < day.to && ms <= now;
  const recent = context.traffic.conversationsStarting(day.from - LONGEST_CONVERSATION_MS, Math.min(day.to, now + 1));
  const queues = new Map(
    mine.map((q) => {
      const here = live.filter((c) => c.conversation.queueId === q.id);
      const members = q.memberIds.map((id) => statuses.get(id)?.status);
      const count = (s: string) => String(members.filter((m) => m === s).length);
      const list = recent.filter((c) => c.queueId === q.id);
      const offered = list.filter((c) => inPeriod(c.start)).length;
      const answered = list.filter((c) => c.answered && inPeriod(c.start + c.waitMs + c.alertMs)).length;
      const abandoned = list.filter((c) => !c.answered && inPeriod(c.start + c.waitMs)).length;
      return [
        q.id,
        {
          waiting: String(here.filter((c) => c.phase === 'waiting').length),
          interacting: String(here.filter((c) => c.phase === 'interacting' || c.phase === 'held').length),
          agentsIdle: count('IDLE'),
          agentsBusy: count('INTERACTING'),
          agentsNotResponding: count('NOT_RESPONDING'),
          agentsOffQueue: count('OFF_QUEUE'),
          offered: String(offered),
          answered: String(answered),
          abandoned: String(abandoned),
        },
      ];
    }),
  );
  const agentIds = [...new Set(mine.flatMap((q) => q.memberIds))];
  const agents = new Map(
    agentIds.map((id) => {
      const s = statuses.get(id);
      const handled = recent.filter(
        (c) => c.agentId === id && c.answered && inPeriod(c.end) && mine.some((q) => q.id === c.queueId),
      );
      const handleMs = handled.reduce((n, c) => n + c.talkMs + c.holdMs + c.acwMs, 0);
      return [
        id,
        {
          status: LABELS[s?.status ?? 'OFF_QUEUE'],
          timeInStatus: mss((now - (s?.since ?? now)) / 1000),
          handled: String(handled.length),
          averageHandle: handled.length > 0 ? mss(handleMs / handled.length / 1000) : '–',
        },
      ];
    }),
  );
  return { queues, agents };
}
