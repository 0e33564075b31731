// The typed configuration every other module receives. Secrets are wrapped so they never print.
import type { LogFormat, Secret } from '../core/index.js';
import type { GenesysRegion } from './genesys-regions.js';

export type Vendor = 'genesys' | 'cxone';

export interface GenesysConfig {
  vendor: 'genesys';
  /** A label for this org in logs, metrics and the database (`default` unless several orgs). */
  name: string;
  organizationId: string | undefined;
  region: GenesysRegion | undefined;
  /** `https://login.{domain}`: authorize and token endpoints. */
  loginUrl: string;
  /** `https://api.{domain}`: the REST API. */
  apiUrl: string;
  /** The Client Credentials client (the daemon's). */
  clientId: string;
  clientSecret: Secret;
  /** The Authorization Code client (the dashboard's and `ccpulse login`'s); Genesys gives each OAuth client one grant type, so this is usually another client. Defaults to clientId. */
  authCodeClientId: string;
  authCodeClientSecret: Secret;
  redirectUri: string | undefined;
  /** Scopes requested with the Authorization Code grant (ignored by Client Credentials). */
  scopes: string[];
  /** Genesys has one daemon grant; the field lets code read any org's grant without asking its vendor. */
  daemonGrant: 'client-credentials';
  daemonGrantReason: string;
  /** Async details jobs a backfill keeps running at once (GENESYS_DETAILS_JOBS_CONCURRENCY). */
  detailsJobsConcurrency: number;
}

export type CxoneDaemonGrant = 'access-key' | 'client-credentials';

export interface CxoneConfig {
  vendor: 'cxone';
  name: string;
  tenantId: string;
  /** The OpenID Connect issuer, e.g. `https://cxone.niceincontact.com`. */
  issuer: string;
  area: string | undefined;
  clientId: string;
  clientSecret: Secret;
  /** The Authorization Code client; defaults to clientId. */
  authCodeClientId: string;
  authCodeClientSecret: Secret;
  /** The grant the daemon uses, and why (`ccpulse token cxone` prints both). */
  daemonGrant: CxoneDaemonGrant;
  daemonGrantReason: string;
  accessKeyId: string | undefined;
  accessKeySecret: Secret | undefined;
  redirectUri: string | undefined;
  scopes: string[];
  /** The classic API version segment, e.g. `30.0` in `/inContactAPI/services/v30.0`. */
  apiVersion: string;
}

export type OrgConfig = GenesysConfig | CxoneConfig;

/** How long and how much ccpulse waits for a vendor (CCPULSE_REQUEST_TIMEOUT_SECONDS and the like). */
export interface Limits {
  /** Deadline of one request attempt, from sending it to the last byte of its body. */
  requestTimeoutMs: number;
  /** The most bytes one vendor answer may have once decompressed. */
  maxResponseBytes: number;
  /** Deadline of one stream window: all its requests, job waits and writes. */
  windowTimeoutMs: number;
}

export interface Config {
  /** Where the variables came from, e.g. `/srv/ccpulse/.env + environment`. */
  source: string;
  /** Things that do not stop ccpulse but are probably mistakes (a misspelled variable): print them. */
  warnings: string[];
  orgs: OrgConfig[];
  logLevel: string;
  /** `CCPULSE_LOG_FORMAT` or `--log-format`; unset: human lines on a terminal, JSON otherwise. */
  logFormat: LogFormat | undefined;
  /** Folder for the embedded database and the encrypted token file. */
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Namespace of every Redis key ccpulse writes (`CCPULSE_REDIS_PREFIX`, default `ccpulse:`). */
  redisPrefix: string;
  /** Key that encrypts tokens at rest; generated into dataDir when not given. */
  tokenKey: Secret | undefined;
  /** IANA zone reports bucket days in (`CCPULSE_TIMEZONE`); the system's when unset. */
  timeZone: string | undefined;
  limits: Limits;
}
