import { config } from '../config.js';

export type LogFields = Record<string, unknown>;
type Sink = (line: string) => void;

const SECRET_KEYS = /authorization|cookie|password|secret|token$/i;
// Personal access tokens and service keys: their prefix stays, to say what leaked.
const TOKEN_PATTERN = /(lkpat|lksvc)_[0-9A-Za-z]{10,}/g;

let sink: Sink | null = config.logFormat === 'json' ? (line) => process.stdout.write(`${line}\n`) : null;

/** Tests capture the log; `null` turns it off. */
export function setLogSink(next: Sink | null): void {
  sink = next;
}

export function isLogging(): boolean {
  return sink !== null;
}

/** Drops values under keys that hold credentials and masks anything shaped like a token, wherever it is. */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEYS.test(key) && value != null) return '[redacted]';
  if (typeof value === 'string') return value.replace(TOKEN_PATTERN, '$1_[redacted]');
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redact(item, name)]));
  }
  return value;
}

/** One JSON line per request and per security event. */
export function logEvent(event: string, fields: LogFields = {}): void {
  if (!sink) return;
  sink(JSON.stringify({ time: new Date().toISOString(), event, ...(redact(fields) as LogFields) }));
}
