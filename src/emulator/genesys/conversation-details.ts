// A SimConversation rendered as a Genesys analytics conversation detail record (customer, acd and
// agent participants with sessions, segments and metrics), as of a point in time.

import { hashString } from '../random.js';
import type { SeedOrg } from '../seed-org.js';
import { conversationMetrics } from '../traffic/genesys-metrics.js';
import type { SimConversation } from '../traffic/traffic.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A stable UUID-shaped id for one part (participant, session) of a conversation. */
function partId(conversationId: string, part: string): string {
  const a = hashString(`${conversationId}:${part}`).toString(16).padStart(8, '0');
  const b = hashString(`${part}:${conversationId}`).toString(16).padStart(8, '0');
  return `${conversationId.slice(0, 24)}${a}${b.slice(0, 4)}`;
}

export function conversationDetail(org: SeedOrg, c: SimConversation) {
  const queue = org.queues.find((q) => q.id === c.queueId);
  const answeredAt = c.start + c.waitMs;
  const metrics = conversationMetrics(c);
  const emit = (on: 'acd' | 'agent') =>
    metrics.filter((m) => m.on === on).map((m) => ({ name: m.name, value: m.value, emitDate: iso(m.at) }));
  const participants: object[] = [
    {
      participantId: partId(c.id, 'customer'),
      purpose: 'customer',
      participantName: 'Customer',
      sessions: [
        {
          mediaType: c.mediaType,
          sessionId: partId(c.id, 'customer-session'),
          direction: 'inbound',
          ani: c.ani,
          dnis: 'tel:+18005550100',
          segments: [
            { segmentStart: iso(c.start), segmentEnd: iso(c.end), segmentType: 'interact', disconnectType: 'peer' },
          ],
        },
      ],
    },
    {
      participantId: partId(c.id, 'acd'),
      purpose: 'acd',
      participantName: queue?.name,
      sessions: [
        {
          mediaType: c.mediaType,
          sessionId: partId(c.id, 'acd-session'),
          direction: 'inbound',
          segments: [
            {
              segmentStart: iso(c.start),
              segmentEnd: iso(answeredAt),
              segmentType: 'interact',
              queueId: c.queueId,
              disconnectType: c.answered ? 'transfer' : 'peer',
            },
          ],
          metrics: emit('acd'),
        },
      ],
    },
  ];
  if (c.answered && c.agentId) {
    let t = answeredAt;
    const seg = (type: string, ms: number, extra: object = {}) => {
      const s = { segmentStart: iso(t), segmentEnd: iso(t + ms), segmentType: type, queueId: c.queueId, ...extra };
      t += ms;
      return s;
    };
    const segments = [seg('alert', c.alertMs), seg('interact', c.talkMs)];
    if (c.holdMs > 0) segments.push(seg('hold', c.holdMs));
    segments.push(
      seg('wrapup', c.acwMs, {
        disconnectType: c.transferred ? 'transfer' : 'client',
        ...(c.wrapUpCode ? { wrapUpCode: c.wrapUpCode } : {}),
      }),
    );
    participants.push({
      participantId: partId(c.id, 'agent'),
      purpose: 'agent',
      userId: c.agentId,
      participantName: org.users.find((u) => u.id === c.agentId)?.name,
      sessions: [
        {
          mediaType: c.mediaType,
          sessionId: partId(c.id, 'agent-session'),
          direction: 'inbound',
          segments,
          metrics: emit('agent'),
        },
      ],
    });
  }
  return {
    conversationId: c.id,
    conversationStart: iso(c.start),
    conversationEnd: iso(c.end),
    originatingDirection: 'inbound',
    divisionIds: queue ? [queue.divisionId] : [],
    participants,
  };
}
