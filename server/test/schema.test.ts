import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { printSortedSchema, schema } from '../src/schema/index.js';
import { createTestApp } from './support/app.js';

describe('the schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run generate` after changing it)', () => {
    const committed = readFileSync(path.join(repositoryRoot, 'schema/schema.graphql'), 'utf8');
    expect(printSortedSchema()).toBe(committed);
  });

  it('describes every type, field, argument and enum value for tooling', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const argument of 'args' in field ? field.args : []) {
            if (!argument.description) missing.push(`${type.name}.${field.name}(${argument.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type) || isScalarType(type)) continue;
    }
    expect(missing).toEqual([]);
  });

  it('is open to introspection', async () => {
    const app = createTestApp();
    const result = await app.data('{ __type(name: "PersonalAccessToken") { fields { name } } }');
    expect(result.__type.fields.map((field: { name: string }) => field.name)).toEqual(
      expect.arrayContaining(['id', 'name', 'hint', 'permissions', 'status', 'expiresAt', 'lastUsedAt']),
    );
  });
});
