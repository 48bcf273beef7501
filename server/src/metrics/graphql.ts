import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { Registry } from 'prom-client';
import { boundedOperationNames } from './operation-names.js';

const OPERATION_LABELS = ['operationName', 'operationType'] as const;

/**
 * GraphQL operations by name and type: counts, durations and errors, plus the HTTP duration of every request to
 * the API's path. Served only by the metrics server: `endpoint: false`, or the plugin would answer `/metrics` on
 * the public port. Each metric is declared here (with the plugin's own names and help) only to bound its
 * operation names.
 */
export function useGraphQLMetrics(registry: Registry, operationName = boundedOperationNames()) {
  const operationLabels = (params: FillLabelsFnParams) => ({
    operationName: operationName(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  return usePrometheus({
    registry,
    endpoint: false,
    skipIntrospection: true,
    // The plugin turns on everything not turned off: per-phase histograms and a summary would multiply the series
    // of every operation for little an operator uses.
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'Counts the amount of GraphQL requests executed through Envelop',
          labelNames: OPERATION_LABELS,
        },
        fillLabelsFn: operationLabels,
        phases: ['execute', 'subscribe'],
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_envelop_request_duration',
          help: 'Time spent on running the GraphQL operation from parse to execute',
          labelNames: OPERATION_LABELS,
        },
        fillLabelsFn: operationLabels,
        phases: ['execute', 'subscribe'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Counts the amount of errors reported from all phases',
          labelNames: [...OPERATION_LABELS, 'phase'],
        },
        // No error path: list positions in it would make a series per index.
        fillLabelsFn: (params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'unknown' }),
        phases: ['parse', 'validate', 'context', 'execute', 'subscribe'],
      }),
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time spent on HTTP connection',
          labelNames: [...OPERATION_LABELS, 'method', 'statusCode'],
        },
        fillLabelsFn: (params, context) => {
          const { request, response } = context as { request: Request; response: Response };
          return { ...operationLabels(params), method: request.method, statusCode: response.status };
        },
        phases: ['request'],
      }),
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
  });
}
