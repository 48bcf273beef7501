import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { fromTheShell } from './support/admin-matrix.js';
import { createTestApp } from './support/app.js';
import { runServerUntilExit } from './support/server-process.js';

const SERVICES_QUERY = '{ services { id name description permissions { name description serviceId implies } } }';

describe('the permission catalogue', () => {
  it('lists Latchkey’s own service first, then the operator’s, as the catalogue file declares them', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { services } = await app.data(SERVICES_QUERY, {}, { cookie: person.cookie });
    expect(services.map((service: { id: string }) => service.id)).toEqual(['latchkey', 'reports', 'billing']);
    expect(services[0].permissions.map((permission: { name: string }) => permission.name)).toEqual([
      'profile:read',
      'tokens:read',
      'tokens:write',
      'audit:read',
      'notifications:read',
      'notifications:write',
    ]);
    expect(services[1]).toEqual({
      id: 'reports',
      name: 'Reports',
      description: expect.any(String),
      permissions: [
        { name: 'reports:read', description: 'Read reports.', serviceId: 'reports', implies: [] },
        {
          name: 'reports:write',
          description: 'Create, change and delete reports.',
          serviceId: 'reports',
          implies: ['reports:read'],
        },
      ],
    });
  });

  it('lists admin:read and admin:write to administrators only, as nobody else may hold them', async () => {
    const app = createTestApp();
    const administrator = await app.signUp();
    await setAdministrator(administrator.email, true, fromTheShell());
    const { services } = await app.data(SERVICES_QUERY, {}, { cookie: administrator.cookie });
    expect(services[0].permissions.map((permission: { name: string }) => permission.name)).toEqual(
      expect.arrayContaining(['admin:read', 'admin:write']),
    );
  });

  it('is shown only to someone signed in', async () => {
    const response = await createTestApp().request(SERVICES_QUERY);
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('stops the server’s start with exit code 78 when the file is bad, naming the file and the place, without a stack trace', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bad-catalogue-'));
    const file = path.join(directory, 'latchkey.config.json');
    writeFileSync(
      file,
      JSON.stringify({ services: [{ id: 'Reports', name: 'Reports', permissions: [{ name: 'reports:read' }] }] }),
    );
    const { code, output } = await runServerUntilExit({
      LATCHKEY_CONFIG: file,
      DATABASE_URL: `file:${path.join(directory, 'latchkey.db')}`,
    });
    expect(code).toBe(78);
    expect(output).toContain(`${file} is not a valid Latchkey catalogue`);
    expect(output).toMatch(/services\.0\.id: a service id is lower-case/);
    expect(output).toMatch(/services\.0\.permissions\.0\.description/);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('ready at');
  });

  it('stops the start when LATCHKEY_CONFIG names a file that does not exist', async () => {
    const missing = path.join(tmpdir(), 'no-such-latchkey-config.json');
    const { code, output } = await runServerUntilExit({ LATCHKEY_CONFIG: missing });
    expect(code).toBe(78);
    expect(output).toContain(`${missing} is not a valid Latchkey catalogue`);
    expect(output).toContain('the file does not exist');
  });
});
