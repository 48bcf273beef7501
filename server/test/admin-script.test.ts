import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { db } from '../src/db.js';
import { testDatabaseUrl } from './support/database.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function adminCommand(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'admin', '--', ...args],
      { cwd: repositoryRoot, env: { ...process.env, DATABASE_URL: testDatabaseUrl } },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}

async function person(email: string) {
  return db.user.create({
    data: { id: `user-${email}`, email, passwordHash: 'unused', createdAt: new Date('2026-01-15T12:00:00.000Z') },
  });
}

const roleOf = async (email: string) =>
  (await db.user.findUniqueOrThrow({ where: { email }, select: { isAdministrator: true } })).isAdministrator;

describe('npm run admin', () => {
  it('grants the role, audited in the person’s log as done by the operator, and says so when asked again', async () => {
    const { id } = await person('first@example.com');
    const granted = await adminCommand(['grant', 'First@Example.com']);
    expect(granted).toEqual({ code: 0, stdout: 'first@example.com is now an administrator.\n', stderr: '' });
    expect(await roleOf('first@example.com')).toBe(true);
    expect(await db.auditEvent.findMany({ where: { userId: id }, select: { action: true, actorType: true } })).toEqual([
      { action: 'ADMINISTRATOR_GRANTED', actorType: 'OPERATOR' },
    ]);

    const again = await adminCommand(['grant', 'first@example.com']);
    expect(again).toEqual({ code: 0, stdout: 'first@example.com is already an administrator.\n', stderr: '' });
    expect(await db.auditEvent.count({ where: { userId: id } })).toBe(1);
  });

  it('lists administrators, then revokes one', async () => {
    await person('listed@example.com');
    // Another administrator stays, so no warning is due.
    await db.user.update({ where: { id: (await person('staying@example.com')).id }, data: { isAdministrator: true } });
    await adminCommand(['grant', 'listed@example.com']);
    const listed = await adminCommand(['list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')).toContain('listed@example.com');

    const revoked = await adminCommand(['revoke', 'listed@example.com']);
    expect(revoked).toEqual({ code: 0, stdout: 'listed@example.com is no longer an administrator.\n', stderr: '' });
    expect(await roleOf('listed@example.com')).toBe(false);
    expect((await adminCommand(['list'])).stdout.split('\n')).not.toContain('listed@example.com');
    expect((await adminCommand(['revoke', 'listed@example.com'])).stdout).toBe(
      'listed@example.com is not an administrator.\n',
    );
  });

  it('removes the last administrator when asked, warning that nobody can administer any more', async () => {
    await db.user.updateMany({ data: { isAdministrator: false } });
    await person('alone@example.com');
    await adminCommand(['grant', 'alone@example.com']);
    expect(await adminCommand(['revoke', 'alone@example.com'])).toEqual({
      code: 0,
      stdout: 'alone@example.com is no longer an administrator.\n',
      stderr:
        'Warning: no administrator can sign in now (none left, or all locked). Make one with: npm run admin -- grant <email>\n',
    });
    expect(await roleOf('alone@example.com')).toBe(false);
  });

  it('refuses an email without an account with exit code 1, changing nothing', async () => {
    const before = await db.auditEvent.count();
    expect(await adminCommand(['grant', 'nobody@example.com'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'No account with that email exists.\n',
    });
    expect(await db.auditEvent.count()).toBe(before);
  });

  it('explains its usage with exit code 2 when the command is wrong', async () => {
    const run = await adminCommand(['grant']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"grant" takes one argument');
    expect(run.stderr).toContain('Usage: npm run admin -- <command>');
  });
});
