import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { openRevocationStreamCount } from '../http/revocation-stream.js';
import { countedFamilies } from './counts.js';

/**
 * The one registry `/metrics` serves on the metrics port: the process's own metrics, every family of counts.ts,
 * the open revocation streams, and what the GraphQL plugin (graphql.ts) adds. Made only when the port is set.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const family of countedFamilies()) {
    new Counter({
      name: family.name,
      help: family.help,
      labelNames: [family.label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, count] of Object.entries(family.counts)) this.inc({ [family.label]: value }, count);
      },
    });
  }
  new Gauge({
    name: 'latchkey_revocation_streams_open',
    help: "Revocation streams (GET /oauth/revocations) this process holds open to the operator's services.",
    registers: [registry],
    collect() {
      this.set(openRevocationStreamCount());
    },
  });
  return registry;
}
