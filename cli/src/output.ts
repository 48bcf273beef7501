// Whole escape sequences first, so that coloured text reads as plain text: CSI (colours, cursor moves,
// clearing), then terminated strings (OSC sets the title or a link; DCS, SOS, PM, APC), each in its 7-bit
// and 8-bit form, then any other escape. What is left of a sequence is harmless once its controls are gone.
const ESCAPE_SEQUENCE = new RegExp(
  [
    '\\u001b\\[[0-?]*[ -/]*[@-~]',
    '\\u009b[0-?]*[ -/]*[@-~]',
    '(?:\\u001b[\\]PX^_]|[\\u0090\\u0098\\u009d\\u009e\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u009c|\\u001b\\\\)',
    '\\u001b[ -/]*[0-~]',
  ].join('|'),
  'g',
);
const LINE_CONTROL = /[\t\n\v\f\r]/g;
// C0 and C1 controls, DEL, and the characters that reorder text (Bidi_Control).
const CONTROL = /[\p{Cc}\p{Bidi_Control}]/gu;

/** Text from the server, made safe to show on one line: no escape sequence, control or bidi control. */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(LINE_CONTROL, ' ').replace(CONTROL, '');
}

/** Like `terminalSafe`, keeping the line breaks the CLI itself put between lines. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

/** Columns separated by two spaces, padded to the widest cell; no trailing spaces. */
export function formatTable(header: readonly string[], unsafeRows: readonly (readonly string[])[]): string {
  const rows = unsafeRows.map((row) => row.map(terminalSafe));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Label-value lines with the values aligned. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length + 1));
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${terminalSafe(value)}`).join('\n');
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls, bidi controls and line separators raw.
// Escaping them too keeps the JSON exact (it parses to the same value) and harmless on a terminal.
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Bidi_Control}]/gu;

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `2026-12-28 12:00 UTC` */
export function formatDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `2026-12-28` */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** `in 3 days`, `in 5 hours`, `in 1 minute`, or `3 days ago`. */
export function describeTimeFromNow(iso: string, now: Date): string {
  const difference = new Date(iso).getTime() - now.getTime();
  const distance = Math.abs(difference);
  const amount =
    distance >= DAY_MS
      ? plural(Math.floor(distance / DAY_MS), 'day')
      : distance >= HOUR_MS
        ? plural(Math.floor(distance / HOUR_MS), 'hour')
        : plural(Math.max(1, Math.floor(distance / MINUTE_MS)), 'minute');
  return difference >= 0 ? `in ${amount}` : `${amount} ago`;
}

// Anything shaped like a Latchkey secret, valid or not: the CLI prints none, except a new token's own.
const SECRET_PATTERN = /lkpat_[0-9A-Za-z]{8,}/g;

/** Replaces token secrets with their hint (`lkpat_…abcd`), the form the API uses to show a token. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, (secret) => `lkpat_…${secret.slice(-4)}`);
}
