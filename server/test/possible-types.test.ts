import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInterfaceType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generatePossibleTypes, POSSIBLE_TYPES_TARGET } from '../scripts/possible-types.js';
import { repositoryRoot } from '../src/config.js';
import { schema } from '../src/schema/index.js';

const committed = () => readFileSync(path.join(repositoryRoot, POSSIBLE_TYPES_TARGET), 'utf8');

describe('schema/possible-types.json', () => {
  it('is what codegen makes of the committed schema (run `npm run generate` after changing it)', async () => {
    expect(await generatePossibleTypes()).toBe(committed());
  }, 60_000);

  it('lists every type that implements Error, for Apollo Client to match `... on Error`', () => {
    const { possibleTypes } = JSON.parse(committed()) as { possibleTypes: Record<string, string[]> };
    const errorType = schema.getType('Error');
    if (!isInterfaceType(errorType)) throw new Error('The schema has no Error interface');
    const implementations = schema.getPossibleTypes(errorType).map((type) => type.name);
    expect(implementations.length).toBeGreaterThan(5);
    expect(possibleTypes.Error).toEqual(implementations.sort());
  });
});
