import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { CatalogueFileError, loadCatalogue } from '../src/permissions/catalogue.js';
import { catalogueJsonSchema } from '../src/permissions/catalogue-json-schema.js';

const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-catalogue-'));

function catalogueFile(content: unknown): string {
  const file = path.join(directory, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
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

function problemsOf(content: unknown): string {
  const file = catalogueFile(content);
  try {
    loadCatalogue(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueFileError);
    const message = (error as Error).message;
    expect(message.startsWith(`${file} is not a valid Latchkey catalogue:`)).toBe(true);
    expect(message).not.toMatch(/\n\s+at /);
    return message.slice(message.indexOf('\n') + 1);
  }
  throw new Error('The catalogue was accepted');
}

describe('the permission catalogue', () => {
  it('loads the shipped example: Latchkey first, then reports, with implications followed', () => {
    const catalogue = loadCatalogue(path.join(repositoryRoot, 'latchkey.config.json'));
    expect(catalogue.services.map((service) => [service.id, service.permissions.map((p) => p.name)])).toEqual([
      [
        'latchkey',
        [
          'profile:read',
          'tokens:read',
          'tokens:write',
          'audit:read',
          'notifications:read',
          'notifications:write',
          'admin:read',
          'admin:write',
        ],
      ],
      ['reports', ['reports:read', 'reports:write']],
    ]);
    expect([...catalogue.granted(['reports:write'])].sort()).toEqual(['reports:read', 'reports:write']);
    expect([...catalogue.granted(['reports:read'])]).toEqual(['reports:read']);
  });

  it('grants nothing for a permission that is no longer in the catalogue', () => {
    const catalogue = loadCatalogue(catalogueFile({ services: [reports] }));
    expect([...catalogue.granted(['billing:read', 'reports:read'])]).toEqual(['reports:read']);
    expect(catalogue.permission('billing:read')).toBeUndefined();
  });

  it('follows implications through chains and cycles', () => {
    const catalogue = loadCatalogue(
      catalogueFile({
        services: [
          {
            id: 'ci',
            name: 'CI',
            permissions: [
              { name: 'ci:admin', description: 'a', implies: ['ci:write'] },
              { name: 'ci:write', description: 'w', implies: ['ci:read'] },
              { name: 'ci:read', description: 'r', implies: ['ci:admin'] },
            ],
          },
        ],
      }),
    );
    expect([...catalogue.granted(['ci:read'])].sort()).toEqual(['ci:admin', 'ci:read', 'ci:write']);
  });

  it('names the path and the problem for each mistake', () => {
    expect(problemsOf({ services: [{ ...reports, colour: 'red' }] })).toContain(
      'services.0: Unrecognized key: "colour"',
    );
    expect(problemsOf({ services: [reports, reports] })).toContain(
      'services.1.id: service "reports" is declared twice',
    );
    expect(
      problemsOf({ services: [{ ...reports, permissions: [{ name: 'Reports.Read', description: 'x' }] }] }),
    ).toContain('services.0.permissions.0.name: a permission name is `service:action` in lower case');
    expect(
      problemsOf({ services: [{ ...reports, permissions: [{ name: 'billing:read', description: 'x' }] }] }),
    ).toContain('services.0.permissions.0.name: "billing:read" must start with its service\'s id: "reports:"');
    expect(
      problemsOf({
        services: [
          { ...reports, permissions: [{ name: 'reports:write', description: 'x', implies: ['reports:read'] }] },
        ],
      }),
    ).toContain('services.0.permissions.0.implies.0: "reports:read" is not a permission of this catalogue');
    expect(
      problemsOf({
        services: [{ ...reports, permissions: [reports.permissions[0], reports.permissions[0]] }],
      }),
    ).toContain('services.0.permissions.1.name: permission "reports:read" is declared twice');
    expect(problemsOf({ services: [{ ...reports, id: 'latchkey' }] })).toContain(
      `services.0.id: "latchkey" is Latchkey's own service and cannot be redefined`,
    );
    expect(problemsOf('{ "services": [')).toMatch(/^ {2}not JSON: /);
  });

  it('says so when the file does not exist', () => {
    expect(() => loadCatalogue(path.join(directory, 'missing.json'))).toThrow(
      `${path.join(directory, 'missing.json')} is not a valid Latchkey catalogue:\n  the file does not exist`,
    );
  });

  it('has its JSON Schema committed, current, for editors', () => {
    expect(readFileSync(path.join(repositoryRoot, 'schema/latchkey.config.schema.json'), 'utf8')).toBe(
      catalogueJsonSchema(),
    );
  });
});
