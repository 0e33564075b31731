// The one logger. Redaction paths cover every header and field that can carry a credential, so a
// token that slips into a log object is censored by pino before it is serialised.
import { type DestinationStream, type Logger, pino } from 'pino';
import { type LogFormat, prettyLogLine } from './pretty-log.js';
import { redactUrlCredentials } from './secret.js';

const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'accessKeySecret',
  'password',
  'code',
  'code_verifier',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.accessKeySecret',
  '*.password',
  '*.code_verifier',
  'token',
  '*.token',
  'secret',
  '*.secret',
];

export type { Logger };

interface LoggerOptions {
  level?: string;
  name?: string;
  /** `pretty`: human lines (a terminal); `json` (the default): one JSON object per line. */
  format?: LogFormat;
  /** Colour the level of pretty lines. */
  color?: boolean;
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const out = destination ?? pino.destination(2);
  const color = options.color ?? false;
  return pino(
    {
      name: options.name ?? 'ccpulse',
      level: options.level ?? process.env.CCPULSE_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Field paths cannot catch a password inside a URL inside an error text: scrub strings too.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(scrubUrlCredentials) as typeof args);
        },
      },
    },
    options.format === 'pretty' ? { write: (line: string) => out.write(prettyLogLine(line, { color })) } : out,
  );
}

/** A logger that writes nothing: the default for library calls that were given none. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A log argument with URL user-info removed from it (and from its top-level string fields). */
function scrubUrlCredentials(arg: unknown): unknown {
  if (typeof arg === 'string') return redactUrlCredentials(arg);
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || arg instanceof Error) return arg;
  const fields = arg as Record<string, unknown>;
  if (!Object.values(fields).some((v) => typeof v === 'string' && v.includes('@'))) return arg;
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? redactUrlCredentials(v) : v]),
  );
}
