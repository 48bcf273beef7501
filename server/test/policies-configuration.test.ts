import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueFileError, loadCatalogue } from '../src/permissions/catalogue.js';

const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-policies-'));

function catalogueFile(content: unknown): string {
  const file = path.join(directory, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const reports = {
  id: 'reports',
  name: 'Reports',
  permissions: [
    { name: 'reports:read', description: 'Read reports.' },
    { name: 'reports:write', description: 'Write reports.', implies: ['reports:read'] },
  ],
};

function problemsOf(content: unknown): string[] {
  const file = catalogueFile(content);
  try {
    loadCatalogue(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueFileError);
    return (error as Error).message.split('\n').slice(1);
  }
  throw new Error('The catalogue was accepted');
}

describe("the catalogue file's policies", () => {
  it('reads every policy, the permissions needing approval among them', () => {
    const { policies } = loadCatalogue(
      catalogueFile({
        services: [reports],
        policies: {
          maxTokenLifetimeDays: 90,
          revokeUnusedAfterDays: 365,
          approvalRequired: ['reports:write', 'admin:write'],
          writeRequiresAllowlist: true,
        },
      }),
    );
    expect(policies).toEqual({
      maxTokenLifetimeDays: 90,
      revokeUnusedAfterDays: 365,
      approvalRequired: new Set(['reports:write', 'admin:write']),
      writeRequiresAllowlist: true,
    });
  });

  it('leaves every policy off when the file has none', () => {
    expect(loadCatalogue(catalogueFile({ services: [reports] })).policies).toEqual({
      maxTokenLifetimeDays: null,
      revokeUnusedAfterDays: null,
      approvalRequired: new Set(),
      writeRequiresAllowlist: false,
    });
  });

  it('names each permission needing approval that the catalogue does not have', () => {
    expect(
      problemsOf({
        services: [reports],
        policies: { approvalRequired: ['reports:write', 'reports:delete', 'tokens:write', 'billing:read'] },
      }),
    ).toEqual([
      `  policies.approvalRequired.1: "reports:delete" is not a permission of this catalogue (nor one of Latchkey's own)`,
      `  policies.approvalRequired.3: "billing:read" is not a permission of this catalogue (nor one of Latchkey's own)`,
    ]);
  });

  it('refuses an inactivity period too short to warn 7 days before, and a lifetime of no days', () => {
    expect(problemsOf({ policies: { revokeUnusedAfterDays: 7, maxTokenLifetimeDays: 0 } })).toEqual([
      expect.stringMatching(/^ {2}policies\.maxTokenLifetimeDays: /),
      expect.stringMatching(/^ {2}policies\.revokeUnusedAfterDays: /),
    ]);
  });
});
