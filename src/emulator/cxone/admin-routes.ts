// CXone Admin API on the emulator: `GET agents`, the business unit's agent list (every seeded person,
// by their CXone agent id and team), in the shape of singer-io/tap-nice-incontact's
// `schemas/agents.json` with the parameters NICE's own API test harness sends (`updatedSince`,
// `isActive`, `searchString`, `skip`, `top`). Paged by skip/top; an empty page is 204 No Content, as
// the tap's agents stream stops on. The list is the business unit's, not narrowed to the caller's
// skills: the Admin API's agent view permission sees every agent.
import type { Hono } from 'hono';
import type { EmulatorContext } from '../emulator-context.js';
import { CXONE_PERMISSIONS } from '../seed-org.js';
import { agentNames } from './cxone-catalog.js';
import { authorizeCxone, badRequest, reportRows, skipTop } from './cxone-request.js';

/** At most 10,000 rows per response (the tap's note on this list). */
const MAX_TOP = 10_000;
/** When the seeded people were last changed: the emulator's choice (no change happens while it runs). */
const SEEDED_AT = '2025-01-01T00:00:00.000Z';

export function mountCxoneAdmin(app: Hono, ctx: EmulatorContext): void {
  const { org } = ctx;
  const base = '/inContactAPI/services/:version';
  const teamName = new Map(org.cxone.teams.map((t) => [t.id, t.name]));

  app.get(`${base}/agents`, (c) => {
    const principal = authorizeCxone(ctx, c, CXONE_PERMISSIONS.agents);
    if (principal instanceof Response) return principal;
    const sinceParam = c.req.query('updatedSince');
    const since = sinceParam ? Date.parse(sinceParam) : Number.NEGATIVE_INFINITY;
    if (Number.isNaN(since)) return badRequest(c, 'updatedSince must be an ISO 8601 date-time');
    const active = c.req.query('isActive');
    const search = (c.req.query('searchString') ?? '').toLowerCase();
    const { skip, top } = skipTop(c, MAX_TOP, MAX_TOP);
    const matching = org.users
      .map((u) => ({
        agentId: u.cxoneAgentId,
        userName: u.email,
        ...agentNames(u),
        middleName: '',
        emailAddress: u.email,
        isActive: true,
        teamId: u.cxoneTeamId,
        teamName: teamName.get(u.cxoneTeamId) ?? '',
        isSupervisor: u.role === 'supervisor',
        lastUpdated: SEEDED_AT,
      }))
      .filter((a) => Date.parse(a.lastUpdated) > since)
      .filter((a) => active === undefined || String(a.isActive) === active.toLowerCase())
      .filter((a) => !search || `${a.firstName} ${a.lastName} ${a.userName}`.toLowerCase().includes(search));
    const agents = matching.slice(skip, skip + top);
    return reportRows(c, agents, { agents });
  });
}
