// Counted as plain numbers whatever the configuration: an increment on the hot path costs next to nothing, where a
// prom-client counter builds its label string on every `inc`. The metrics server (registry.ts, loaded only when
// LATCHKEY_METRICS_PORT is set) reads them when it is scraped. Later counters go here too, declared with `counted`.

/** A Prometheus counter family read from plain numbers: one number per value of its one label. */
export interface CountedFamily {
  name: string;
  help: string;
  label: string;
  counts: Readonly<Record<string, number>>;
}

const families: CountedFamily[] = [];

/** Every family declared so far, for the registry. */
export function countedFamilies(): readonly CountedFamily[] {
  return families;
}

/**
 * Declares the counter `name` with one number per value of `label`, all starting at 0 (so each is exported
 * before it first moves). Increment them in place: `tokenVerifications.valid++`.
 */
export function counted<const Value extends string>(
  name: string,
  help: string,
  label: string,
  values: readonly Value[],
): Record<Value, number> {
  const counts = Object.fromEntries(values.map((value) => [value, 0])) as Record<Value, number>;
  families.push({ name, help, label, counts });
  return counts;
}

export const tokenVerifications = counted(
  'latchkey_token_verifications_total',
  'Bearer token verifications (API, introspection, forward auth) by result. rate_limited counts refusals over the invalid-token limit, also counted under their own result; refused_address a token used from outside its allowlist; usage_limited a token over its own rate limit or quota.',
  'result',
  ['valid', 'invalid', 'revoked', 'expired', 'not_accepted', 'rate_limited', 'refused_address', 'usage_limited'],
);

export const tokenCacheLookups = counted(
  'latchkey_token_cache_lookups_total',
  'Verified-token cache lookups: hit (a verified token), refused_hit (a known refusal), miss (the database was asked).',
  'result',
  ['hit', 'refused_hit', 'miss'],
);

export const tokenRevocations = counted(
  'latchkey_token_revocations_total',
  'Tokens revoked by this process, by reason.',
  'reason',
  ['OWNER', 'LEAKED', 'ADMIN', 'DENIED', 'INACTIVE'],
);

export const migrationsApplied = counted(
  'latchkey_migrations_applied_total',
  'Database migrations this process applied when it started.',
  'engine',
  ['sqlite', 'postgresql'],
);

export const serviceRequests = counted(
  'latchkey_service_requests_total',
  "Requests to the endpoints for the operator's services, by endpoint.",
  'endpoint',
  ['introspection', 'forward_auth', 'revocation_stream'],
);

export const httpRequests = counted(
  'latchkey_http_requests_total',
  'HTTP requests on the public port, by what served them (GraphQL latency: graphql_yoga_http_duration).',
  'route',
  ['graphql', 'service', 'health', 'ui'],
);
