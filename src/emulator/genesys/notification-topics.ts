// Notification topic names the emulator serves, and whether a caller may subscribe to one: the
// caller's own permissions decide, as on Genesys, and a queue's topics belong to the queue's division
// (so a supervisor subscribes to their own queues, never another team's).
import type { EmulatorContext, Principal } from '../emulator-context.js';
import { GENESYS_PERMISSIONS } from '../seed-org.js';

export type Topic =
  | { kind: 'queue-observations'; id: string; queueId: string }
  | { kind: 'user-activity'; id: string; userId: string };

type TopicCheck = { ok: true; topic: Topic } | { ok: false; id: string; reason: string; missing: string[] };

const PATTERNS: [RegExp, (m: RegExpExecArray, id: string) => Topic][] = [
  [
    /^v2\.analytics\.queues\.([^.?&]+)\.observations$/,
    (m, id) => ({ kind: 'queue-observations', id, queueId: m[1] as string }),
  ],
  [/^v2\.users\.([^.?&]+)\.activity$/, (m, id) => ({ kind: 'user-activity', id, userId: m[1] as string })],
];

/** Longest topic name Genesys accepts (its streaming client splits combined topics to stay under it). */
const MAX_TOPIC_NAME = 200;

/**
 * One requested topic id as individual topics: `prefix?a&b` (Genesys's combined form) is `prefix.a`
 * and `prefix.b`.
 */
export function expandTopic(id: string): string[] {
  const q = id.indexOf('?');
  if (q < 0) return [id];
  const prefix = id.slice(0, q);
  return id
    .slice(q + 1)
    .split('&')
    .filter((p) => p.length > 0)
    .map((postfix) => `${prefix}.${postfix}`);
}

export function checkTopic(ctx: EmulatorContext, principal: Principal, id: string): TopicCheck {
  const reject = (reason: string, missing: string[] = []): TopicCheck => ({ ok: false, id, reason, missing });
  if (id.length > MAX_TOPIC_NAME) return reject(`Topic names are limited to ${MAX_TOPIC_NAME} characters`);
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(id);
    if (!m) continue;
    const topic = build(m, id);
    if (topic.kind === 'queue-observations') {
      const permission = GENESYS_PERMISSIONS.queueObservation;
      if (!principal.permissions.has(permission)) return reject('Missing permissions', [permission]);
      // Unknown queues and queues of another division read alike: the caller learns nothing about either.
      if (!principal.visibleQueueIds.has(topic.queueId))
        return reject('Missing division permissions for the queue', [permission]);
      return { ok: true, topic };
    }
    const self = principal.token.user?.id === topic.userId;
    if (self) return { ok: true, topic };
    const permission = GENESYS_PERMISSIONS.queueView;
    if (!principal.permissions.has(permission)) return reject('Missing permissions', [permission]);
    const visible = ctx.org.queues.some(
      (q) => principal.visibleQueueIds.has(q.id) && q.memberIds.includes(topic.userId),
    );
    if (!visible) return reject('Missing division permissions for the user', [permission]);
    return { ok: true, topic };
  }
  return reject('Unknown topic');
}
