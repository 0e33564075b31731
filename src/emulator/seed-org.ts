// The emulator's organisation: divisions, queues (CXone skills), people, OAuth clients and access
// keys, all derived from one seed. The same people exist in the Genesys org and the CXone tenant so
// tests and the demo can sign in as the same supervisor on either vendor.
import { createRandom } from './random.js';

export type MediaType = 'voice' | 'chat' | 'email';

/** Genesys permission strings the emulator enforces (the real ones for these APIs). */
export const GENESYS_PERMISSIONS = {
  conversationAggregate: 'analytics:conversationAggregate:view',
  conversationDetail: 'analytics:conversationDetail:view',
  queueObservation: 'analytics:queueObservation:view',
  jobs: 'analytics:jobs:view',
  queueView: 'routing:queue:view',
  userView: 'directory:user:view',
} as const;

/** CXone permissions the emulator enforces on its reporting APIs. */
export const CXONE_PERMISSIONS = {
  reporting: 'reporting:view',
  agents: 'agents:view',
  dataExtraction: 'data-extraction:use',
} as const;

const ALL_GENESYS = Object.values(GENESYS_PERMISSIONS);
const ALL_CXONE = Object.values(CXONE_PERMISSIONS);

export interface SeedDivision {
  id: string;
  name: string;
}

export interface SeedQueue {
  id: string;
  name: string;
  divisionId: string;
  mediaType: MediaType;
  /** CXone skill id of the same queue. */
  skillId: number;
  /** Service level target: `percent` of contacts answered within `thresholdSeconds`. */
  serviceLevel: { percent: number; thresholdSeconds: number };
  memberIds: string[];
}

export type SeedRole = 'agent' | 'supervisor' | 'admin';

export interface SeedUser {
  id: string;
  name: string;
  /** Login name on both vendors' login forms. */
  username: string;
  email: string;
  /** Emulator-only password, printed by `ccpulse demo` so people can sign in. */
  password: string;
  role: SeedRole;
  divisionIds: string[];
  /** Queues the user is a member of (agents) or supervises (supervisors). */
  queueIds: string[];
  genesysPermissions: string[];
  cxonePermissions: string[];
  /** CXone numeric agent id and team id. */
  cxoneAgentId: number;
  cxoneTeamId: number;
}

export type GrantType = 'client_credentials' | 'authorization_code' | 'refresh_token' | 'password';

export interface SeedOAuthClient {
  vendor: 'genesys' | 'cxone';
  /** What the client is for, e.g. `daemon`, `web`, `limited`. */
  key: string;
  id: string;
  secret: string;
  name: string;
  grantTypes: GrantType[];
  redirectUris: string[];
  /** Client Credentials tokens carry these permissions (Genesys: the client's roles). */
  permissions: string[];
  /** Scopes a user token may be granted (Authorization Code). */
  allowedScopes: string[];
}

export interface SeedAccessKey {
  id: string;
  secret: string;
  userId: string;
}

export interface SeedOrg {
  seed: number;
  genesys: { orgId: string; orgName: string; clients: SeedOAuthClient[] };
  cxone: {
    tenantId: string;
    businessUnitId: number;
    tenantName: string;
    clients: SeedOAuthClient[];
    accessKeys: SeedAccessKey[];
    teams: { id: number; name: string; divisionId: string }[];
  };
  divisions: SeedDivision[];
  queues: SeedQueue[];
  users: SeedUser[];
}

/** Redirect URIs every seeded web client has registered (the dashboard's and `ccpulse login`'s defaults). */
const DEFAULT_REDIRECT_URIS = {
  genesys: [
    'http://localhost:8080/callback/genesys',
    'http://127.0.0.1:8080/callback/genesys',
    'http://127.0.0.1:8765/callback',
  ],
  cxone: [
    'http://localhost:8080/callback/cxone',
    'http://127.0.0.1:8080/callback/cxone',
    'http://127.0.0.1:8765/callback',
  ],
};

interface SeedOrgOptions {
  seed?: number;
  /** Extra redirect URIs registered on both web clients (tests with ephemeral ports). */
  redirectUris?: { genesys?: string[]; cxone?: string[] };
  /** Number of agents; supervisors are fixed. */
  agents?: number;
}

export function createSeedOrg(options: SeedOrgOptions = {}): SeedOrg {
  const seed = options.seed ?? 1;
  const rng = createRandom(seed).fork('org');
  const divisions: SeedDivision[] = ['Home', 'Sales', 'Support'].map((name) => ({ id: rng.uuid(), name }));
  const [home, sales, support] = divisions as [SeedDivision, SeedDivision, SeedDivision];

  const queueSpecs: [string, SeedDivision, MediaType][] = [
    ['Sales EN', sales, 'voice'],
    ['Sales DE', sales, 'voice'],
    ['Retention', sales, 'chat'],
    ['Support Tier 1', support, 'voice'],
    ['Support Tier 2', support, 'voice'],
    ['Billing', support, 'email'],
  ];
  const queues: SeedQueue[] = queueSpecs.map(([name, division, mediaType], i) => ({
    id: rng.uuid(),
    name,
    divisionId: division.id,
    mediaType,
    skillId: 4000 + i + 1,
    serviceLevel: { percent: mediaType === 'email' ? 90 : 80, thresholdSeconds: mediaType === 'email' ? 3600 : 20 },
    memberIds: [],
  }));

  const teams = [
    { id: 100, name: 'Managers', divisionId: home.id },
    { id: 101, name: 'Sales Team', divisionId: sales.id },
    { id: 102, name: 'Support Team', divisionId: support.id },
  ];
  const teamFor = (divisionId: string) => teams.find((t) => t.divisionId === divisionId)?.id ?? 100;
  const queuesIn = (division: SeedDivision) => queues.filter((q) => q.divisionId === division.id).map((q) => q.id);

  const users: SeedUser[] = [];
  let agentNumber = 2000;
  const person = (
    username: string,
    name: string,
    role: SeedRole,
    divisionIds: string[],
    queueIds: string[],
    genesysPermissions: string[],
    cxonePermissions: string[],
  ): SeedUser => {
    const user: SeedUser = {
      id: rng.uuid(),
      name,
      username,
      email: `${username}@example.com`,
      password: `demo-${username}`,
      role,
      divisionIds,
      queueIds,
      genesysPermissions,
      cxonePermissions,
      cxoneAgentId: ++agentNumber,
      cxoneTeamId: teamFor(divisionIds[0] ?? home.id),
    };
    users.push(user);
    return user;
  };

  person('alice', 'Alice Sales-Supervisor', 'supervisor', [sales.id], queuesIn(sales), ALL_GENESYS, ALL_CXONE);
  person('bob', 'Bob Support-Supervisor', 'supervisor', [support.id], queuesIn(support), ALL_GENESYS, ALL_CXONE);
  // Signs in fine but has no analytics permission: the dashboard's "ask your admin" page.
  person(
    'carol',
    'Carol No-Analytics',
    'supervisor',
    [support.id],
    queuesIn(support),
    [GENESYS_PERMISSIONS.queueView],
    [],
  );
  person(
    'dana',
    'Dana Admin',
    'admin',
    divisions.map((d) => d.id),
    queues.map((q) => q.id),
    ALL_GENESYS,
    ALL_CXONE,
  );
  const apiUser = person(
    'reporting.api',
    'Reporting API User',
    'admin',
    divisions.map((d) => d.id),
    queues.map((q) => q.id),
    ALL_GENESYS,
    ALL_CXONE,
  );

  const firstNames = ['Ana', 'Ben', 'Chen', 'Dev', 'Eva', 'Femi', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lea'];
  const lastNames = ['Ortiz', 'Keller', 'Nakamura', 'Okafor', 'Silva', 'Novak', 'Haddad', 'Larsen'];
  const agentCount = options.agents ?? 24;
  for (let i = 0; i < agentCount; i++) {
    const division = i % 2 === 0 ? sales : support;
    const own = queues.filter((q) => q.divisionId === division.id);
    const primary = own[i % own.length] as SeedQueue;
    const secondary = rng.next() < 0.4 ? rng.pick(own) : primary;
    const memberOf = [...new Set([primary.id, secondary.id])];
    const first = firstNames[i % firstNames.length] as string;
    const last = lastNames[Math.floor(i / firstNames.length + i) % lastNames.length] as string;
    const username = `agent${String(i + 1).padStart(2, '0')}`;
    const agent = person(username, `${first} ${last}`, 'agent', [division.id], memberOf, [], []);
    for (const qid of memberOf) queues.find((q) => q.id === qid)?.memberIds.push(agent.id);
  }

  const secret = () => rng.hex(24);
  const extra = options.redirectUris ?? {};
  const genesysClients: SeedOAuthClient[] = [
    {
      vendor: 'genesys',
      key: 'daemon',
      id: rng.uuid(),
      secret: secret(),
      name: 'ccpulse reporting daemon',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      permissions: ALL_GENESYS,
      allowedScopes: [],
    },
    {
      vendor: 'genesys',
      key: 'web',
      id: rng.uuid(),
      secret: secret(),
      name: 'ccpulse supervisor dashboard',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [...DEFAULT_REDIRECT_URIS.genesys, ...(extra.genesys ?? [])],
      permissions: [],
      allowedScopes: ['analytics', 'analytics:readonly', 'routing', 'routing:readonly', 'users', 'users:readonly'],
    },
    {
      vendor: 'genesys',
      key: 'limited',
      id: rng.uuid(),
      secret: secret(),
      name: 'ccpulse (role without analytics)',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      permissions: [GENESYS_PERMISSIONS.queueView],
      allowedScopes: [],
    },
  ];
  const cxoneClients: SeedOAuthClient[] = [
    {
      vendor: 'cxone',
      key: 'daemon',
      id: `ccpulse-daemon@${rng.hex(4)}`,
      secret: secret(),
      name: 'ccpulse reporting daemon',
      grantTypes: ['client_credentials', 'password', 'refresh_token'],
      redirectUris: [],
      permissions: ALL_CXONE,
      allowedScopes: [],
    },
    {
      vendor: 'cxone',
      key: 'web',
      id: `ccpulse-web@${rng.hex(4)}`,
      secret: secret(),
      name: 'ccpulse supervisor dashboard',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [...DEFAULT_REDIRECT_URIS.cxone, ...(extra.cxone ?? [])],
      permissions: [],
      allowedScopes: ['openid', 'offline_access', 'profile', 'email'],
    },
    {
      vendor: 'cxone',
      key: 'limited',
      id: `ccpulse-limited@${rng.hex(4)}`,
      secret: secret(),
      name: 'ccpulse (no reporting permission)',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      permissions: [],
      allowedScopes: [],
    },
  ];

  return {
    seed,
    genesys: { orgId: rng.uuid(), orgName: 'Emulated Contact Center', clients: genesysClients },
    cxone: {
      tenantId: rng.uuid(),
      businessUnitId: 4600000 + rng.int(1, 99999),
      tenantName: 'Emulated CXone Tenant',
      clients: cxoneClients,
      accessKeys: [{ id: rng.hex(16).toUpperCase(), secret: rng.hex(32), userId: apiUser.id }],
      teams,
    },
    divisions,
    queues,
    users,
  };
}

export function seedClient(org: SeedOrg, vendor: 'genesys' | 'cxone', key: string): SeedOAuthClient {
  const client = org[vendor].clients.find((c) => c.key === key);
  if (!client) throw new RangeError(`no seeded ${vendor} client '${key}'`);
  return client;
}

export function seedUser(org: SeedOrg, username: string): SeedUser {
  const user = org.users.find((u) => u.username === username);
  if (!user) throw new RangeError(`no seeded user '${username}'`);
  return user;
}
