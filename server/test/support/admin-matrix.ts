import { setAdministrator } from '../../src/admin/administrators.js';
import { db } from '../../src/db.js';
import { type Credentials, createTestApp, type TestApp } from './app.js';

// The administrative API's permission matrix (test/admin-permissions-matrix.test.ts): every administrative field and
// mutation, each declared in test/admin-matrix/<area>.ts, against every kind of caller.

export const fromTheShell = () => ({
  actor: { type: 'OPERATOR' as const, id: null },
  administrator: null,
  origin: { ip: null, userAgent: 'test' },
  // Before the test clock starts (2026-01-15T12:00Z), as it happens before the requests.
  at: new Date('2026-01-15T11:00:00.000Z'),
});

export const ORDINARY_PERMISSIONS = [
  'profile:read',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'notifications:read',
  'notifications:write',
];

/** An administrator, a second one to revoke, a person to grant, and an ordinary person with a token of everything else. */
export async function setUp() {
  const app = createTestApp();
  const administrator = await app.signUp();
  const colleague = await app.signUp();
  const candidate = await app.signUp();
  const ordinary = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  await setAdministrator(colleague.email, true, fromTheShell());
  const session = { cookie: administrator.cookie };
  const writeToken = await app.generateToken(session, { name: 'admin write', permissions: ['admin:write'] });
  const readToken = await app.generateToken(session, { name: 'admin read', permissions: ['admin:read'] });
  const ordinaryToken = await app.generateToken({ cookie: ordinary.cookie }, { permissions: ORDINARY_PERMISSIONS });
  const callers: Record<CallerName, Credentials> = {
    'administrator session': session,
    'administrator token with admin:write': { token: writeToken.secret },
    'administrator token with admin:read only': { token: readToken.secret },
    'ordinary session': { cookie: ordinary.cookie },
    'ordinary token': { token: ordinaryToken.secret },
    anonymous: {},
  };
  return { app, administrator, colleague, candidate, callers };
}

export type CallerName =
  | 'administrator session'
  | 'administrator token with admin:write'
  | 'administrator token with admin:read only'
  | 'ordinary session'
  | 'ordinary token'
  | 'anonymous';

export type Setting = Awaited<ReturnType<typeof setUp>>;

export interface Operation {
  name: string;
  allowed: CallerName[];
  /** Sets up what the operation acts on (a pending token, a service key…) before the state is read. */
  prepare?: (setting: Setting) => Promise<Record<string, string>>;
  run: (
    app: TestApp,
    caller: Credentials,
    setting: Setting,
    prepared: Record<string, string>,
  ) => ReturnType<TestApp['request']>;
  succeeded: (
    data: Record<string, unknown>,
    setting: Setting,
    prepared: Record<string, string>,
  ) => void | Promise<void>;
}

export const WRITERS: CallerName[] = ['administrator session', 'administrator token with admin:write'];

export const READERS: CallerName[] = [...WRITERS, 'administrator token with admin:read only'];

/**
 * What any administrative call could change: accounts (role, lock), tokens (revocation, approval, expiry), service
 * keys, notifications and the audit log. A refused call must leave all of it as it was.
 */
export async function administrativeState() {
  const [users, tokens, serviceKeys, notifications, auditEvents] = await Promise.all([
    db.user.findMany({ select: { email: true, isAdministrator: true, lockedAt: true }, orderBy: { email: 'asc' } }),
    db.personalAccessToken.findMany({
      select: {
        id: true,
        revokedAt: true,
        revocationReason: true,
        pendingApprovalSince: true,
        approvedAt: true,
        expiresAt: true,
      },
      orderBy: { id: 'asc' },
    }),
    db.serviceKey.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
    db.notificationEvent.count(),
    db.auditEvent.count(),
  ]);
  const sessions = await db.session.count();
  return { users, tokens, serviceKeys, notifications, auditEvents, sessions };
}

export const REFUSAL = {
  message: "This requires an administrator's session, or an administrator's token with the admin permission it needs.",
  extensions: { code: 'FORBIDDEN' },
};

export const CALLERS: CallerName[] = [
  'administrator session',
  'administrator token with admin:write',
  'administrator token with admin:read only',
  'ordinary session',
  'ordinary token',
  'anonymous',
];
