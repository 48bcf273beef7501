function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: see examples/reports-api/README.md`);
  return value;
}

function milliseconds(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

export const config = {
  latchkeyUrl: process.env.LATCHKEY_URL || 'http://localhost:4000',
  serviceId: process.env.LATCHKEY_SERVICE_ID || 'reports',
  serviceKey: required('LATCHKEY_SERVICE_KEY'),
  /** How long tokens verified before losing Latchkey's revocation stream are still accepted (the package's default: 10 s). */
  disconnectedGraceMs: milliseconds('LATCHKEY_DISCONNECTED_GRACE_MS'),
  port: Number(process.env.PORT || 4100),
  host: process.env.HOST || 'localhost',
};
