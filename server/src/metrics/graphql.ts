import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Registry } from 'prom-client';

/**
 * GraphQL operations by name and type: counts, durations and errors, plus the HTTP duration of every request to
 * the API's path. Served only by the metrics server: `endpoint: false`, or the plugin would answer `/metrics` on
 * the public port.
 */
export function useGraphQLMetrics(registry: Registry) {
  return usePrometheus({
    registry,
    endpoint: false,
    skipIntrospection: true,
    // The plugin turns on everything not turned off: per-phase histograms and a summary would multiply the series
    // of every operation for little an operator uses.
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_yoga_http_duration: true,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
    labels: { url: false, path: false },
  });
}
