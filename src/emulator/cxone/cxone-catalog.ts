// The CXone tenant's catalogue as the emulator shows it: media types by id and name (as NICE's agent
// SDK and public clients list them), the dispositions that name the traffic's wrap-up codes (contacts
// carry only their ids), one outbound (dialer) skill whose numbers skills/summary reports beside the
// inbound skills, the contact fields API v33 renamed, and a person's name as CXone splits it.
import { hashString } from '../random.js';
import type { MediaType, SeedOrg, SeedUser } from '../seed-org.js';
import { WRAP_UP_CODES } from '../traffic/traffic.js';

/** `mediaTypeId` and `mediaTypeName` of the emulator's media. */
export const CXONE_MEDIA: Record<MediaType, { id: number; name: string }> = {
  voice: { id: 4, name: 'Phone Call' },
  chat: { id: 3, name: 'Chat' },
  email: { id: 1, name: 'E-Mail' },
};

const DISPOSITION_BASE = 1_073_741_900;

/** The tenant's dispositions: one per wrap-up code of the traffic, plus an inactive one. */
export const CXONE_DISPOSITIONS = [
  ...WRAP_UP_CODES.map((name, i) => ({
    dispositionId: DISPOSITION_BASE + i + 1,
    dispositionName: name,
    isActive: true,
  })),
  { dispositionId: DISPOSITION_BASE + 99, dispositionName: 'Retired (inactive)', isActive: false },
].map((d) => ({ ...d, isPreviewDisposition: false, classificationId: 1 }));

const idOf = new Map(CXONE_DISPOSITIONS.map((d) => [d.dispositionName, d.dispositionId]));
/** A wrap-up code's disposition id; 0 for none (as CXone sends it). */
export const dispositionIdOf = (wrapUpCode: string | undefined) => (wrapUpCode ? (idOf.get(wrapUpCode) ?? 0) : 0);

/** One dialer skill, seen by whoever sees the first queue (its campaign's owner). */
export function outboundSkill(org: SeedOrg) {
  const owner = org.queues[0];
  return {
    skillId: 4900 + 1,
    skillName: 'Outbound Campaign',
    ownerQueueId: owner?.id ?? '',
    members: owner?.memberIds.length ?? 0,
  };
}

/**
 * The dialer's work in [from, to): a deterministic number of dials per minute in business hours, so
 * any split of a window adds up to the whole. Connected dials are handled contacts.
 */
export function outboundStats(
  seed: number,
  from: number,
  to: number,
): { dials: number; connects: number; talkSeconds: number } {
  let dials = 0;
  let connects = 0;
  let talkSeconds = 0;
  for (let m = Math.ceil(from / 60_000) * 60_000; m < to; m += 60_000) {
    const hour = new Date(m).getUTCHours();
    if (hour < 8 || hour >= 18) continue;
    const h = hashString(`${seed}:dial:${m}`);
    if (h % 4 !== 0) continue;
    dials++;
    if (h % 3 !== 0) {
      connects++;
      talkSeconds += 30 + (h % 240);
    }
  }
  return { dials, connects, talkSeconds };
}

/** API v33 renamed some completed-contact fields; older versions keep the classic names. */
export function contactFieldNames(version: string) {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= 33
    ? { start: 'contactStartDate', from: 'fromAddress', to: 'toAddress' }
    : { start: 'contactStart', from: 'fromAddr', to: 'toAddr' };
}

/** A seeded person's name as CXone's agent rows carry it: `firstName`, `lastName`. */
export function agentNames(u: SeedUser): { firstName: string; lastName: string } {
  const [first = '', ...rest] = u.name.split(' ');
  return { firstName: first, lastName: rest.join(' ') };
}
