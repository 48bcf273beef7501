import { describe, expect, it } from 'vitest';
import { orderedKeys, serviceKeyRefusal, serviceKeyStatus } from './services';

const key = (id: string, createdAt: string, revokedAt: string | null = null) => ({ id, createdAt, revokedAt });

describe('service keys', () => {
  it('are active until revoked', () => {
    expect(serviceKeyStatus({ revokedAt: null })).toBe('ACTIVE');
    expect(serviceKeyStatus({ revokedAt: '2026-01-15T12:00:00.000Z' })).toBe('REVOKED');
  });

  it('list live keys newest first, then revoked ones, most recently revoked first', () => {
    const keys = [
      key('old', '2026-01-01T00:00:00.000Z'),
      key('revoked early', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'),
      key('new', '2026-01-05T00:00:00.000Z'),
      key('revoked late', '2026-01-01T00:00:00.000Z', '2026-01-09T00:00:00.000Z'),
    ];
    expect(orderedKeys(keys).map(({ id }) => id)).toEqual(['new', 'old', 'revoked late', 'revoked early']);
  });
});

describe('serviceKeyRefusal', () => {
  it('says nothing on success', () => {
    expect(serviceKeyRefusal({ __typename: 'CreateServiceKeySuccess' }, 'create')).toBe(null);
    expect(serviceKeyRefusal({ __typename: 'RevokeServiceKeySuccess' }, 'revoke')).toBe(null);
  });

  it("shows the API's sentence for a typed error, such as an unknown service", () => {
    const message = 'No service "nope" in the catalogue; its services are: reports, billing.';
    expect(serviceKeyRefusal({ __typename: 'NotFoundError', message }, 'create')).toBe(message);
  });

  it('asks for the password when the person closed the password prompt', () => {
    expect(serviceKeyRefusal({ __typename: 'ReauthenticationRequiredError', message: '…' }, 'revoke')).toBe(
      'Revoking a key needs your password: confirm it to continue.',
    );
  });

  it('blames the connection when there was no answer', () => {
    expect(serviceKeyRefusal(undefined, 'create')).toBe(
      'The key could not be created. Check your connection and try again.',
    );
  });
});
