import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { useGraphQLMetrics } from '../src/metrics/graphql.js';
import { boundedOperationNames } from '../src/metrics/operation-names.js';
import { createTestApp } from './support/app.js';

/** The operationName label values of one metric family in the registry's text. */
async function operationNamesIn(registry: Registry, metric: string): Promise<Set<string>> {
  const text = await registry.metrics();
  const pattern = new RegExp(`^${metric}(?:_count)?\\{[^}]*operationName="([^"]*)"`, 'gm');
  return new Set([...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

describe('GraphQL metrics by operation name', () => {
  it('labels the first names clients send and counts every later name as other, so series stay bounded', async () => {
    const registry = new Registry();
    const app = createTestApp({ instrumentation: [useGraphQLMetrics(registry, boundedOperationNames(3))] });
    for (const name of ['First', 'Second', 'First', 'Third', 'Fourth', 'Fifth']) {
      await app.data(`query ${name} { __typename }`);
    }
    await app.request('{ viewer { id } }');

    const expected = new Set(['First', 'Second', 'Third', 'other', 'Anonymous']);
    expect(await operationNamesIn(registry, 'graphql_envelop_request')).toEqual(expected);
    expect(await operationNamesIn(registry, 'graphql_envelop_request_duration')).toEqual(expected);
    expect(await operationNamesIn(registry, 'graphql_yoga_http_duration')).toEqual(expected);
    expect(await registry.metrics()).toMatch(
      /^graphql_envelop_request\{operationName="other",operationType="query"\} 2$/m,
    );
  });

  it('keeps a name it labelled once for good', () => {
    const label = boundedOperationNames(1);
    expect([label('Kept'), label('Later'), label('Kept'), label(undefined)]).toEqual([
      'Kept',
      'other',
      'Kept',
      'Anonymous',
    ]);
  });
});
