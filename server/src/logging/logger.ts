import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { config } from '../config.js';
import { StartFailure } from '../lifecycle/start-failure.js';

export type LogFields = Record<string, unknown>;
type Sink = (line: string) => void;

const CENSOR = '[redacted]';
const SECRET_KEYS = /authorization|cookie|password|secret|token$/i;
// Personal access tokens and service keys: their prefix stays, to say what leaked.
const TOKEN_PATTERN = /(lkpat|lksvc)_[0-9A-Za-z]{10,}/g;
/** Where credentials are known to travel. `redact()` below also finds them anywhere else, by key or by shape. */
const CREDENTIAL_PATHS = ['authorization', 'cookie', 'password', 'secret', 'token'].flatMap((key) => [
  key,
  `headers.${key}`,
  `err.${key}`,
]);

/** Drops values under keys that hold credentials and masks anything shaped like a token, wherever it is. */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEYS.test(key) && value != null) return CENSOR;
  if (typeof value === 'string') return value.replace(TOKEN_PATTERN, `$1_${CENSOR}`);
  if (Array.isArray(value)) return value.map((item) => redact(item));
  // type, message, stack, cause and the error's own fields, each redacted like the rest.
  if (value instanceof Error) return redact(pino.stdSerializers.err(value));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  return value;
}

function createLogger(destination: DestinationStream, level: Level = config.logLevel): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // redact() has turned errors into plain objects already: pino's serializer would call them "Object".
      serializers: { err: (err: unknown) => err },
      redact: { paths: CREDENTIAL_PATHS, censor: CENSOR },
    },
    destination,
  );
}

function standardOutput(format: 'json' | 'pretty'): DestinationStream {
  if (format === 'json') return pino.destination({ dest: 1, sync: true });
  // For development only, so it is loaded only when asked for.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ sync: true, messageFormat: '{event}{if msg}: {msg}{end}', ignore: 'event,msg' });
}

let logger: Logger | null = config.logFormat === 'off' ? null : createLogger(standardOutput(config.logFormat));

/** Tests capture the log, one line per call (a level sets the least severe one written); `null` turns it off. */
export function setLogSink(next: Sink | null, level?: Level): void {
  logger = next && createLogger({ write: (line: string) => next(line.slice(0, -1)) }, level);
}

export function isLogging(level: Level = 'info'): boolean {
  return logger?.isLevelEnabled(level) ?? false;
}

/** One JSON line per request and per security or lifecycle event: `time`, `level`, `event`, then `fields`. */
export function logEvent(event: string, fields: LogFields = {}, level: Level = 'info'): void {
  if (!logger?.isLevelEnabled(level)) return;
  // Redacted before pino sees it: pino copies an error's message to `msg` as it is.
  logger[level](redact({ event, ...fields }) as LogFields);
}

/**
 * What an operator reads at start and shutdown: a log line with `message` as `msg`, or with the log off, the
 * message alone (on stderr for problems).
 */
export function logMessage(event: string, message: string, fields: LogFields = {}, level: Level = 'info'): void {
  if (logger) {
    logEvent(event, { ...fields, msg: message }, level);
  } else {
    const problem = level === 'warn' || level === 'error' || level === 'fatal';
    (problem ? process.stderr : process.stdout).write(`${message}\n`);
  }
}

/** Why the start failed: the operator's problems in one line, anything else with its stack under `err`. */
export function logStartFailure(error: unknown): void {
  if (error instanceof StartFailure) {
    logMessage('start_failed', error.message, { exitCode: error.exitCode }, 'fatal');
  } else if (logger) {
    logEvent('start_failed', { exitCode: 1, err: error }, 'fatal');
  } else {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  }
}
