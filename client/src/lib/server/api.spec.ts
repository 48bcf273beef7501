import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { currentSessionCookie, parseSetCookie } from './api';

describe('parseSetCookie', () => {
  it("keeps the API's session cookie as sent: value verbatim, no Secure over plain http", () => {
    const cookie = parseSetCookie(
      'latchkey_session=abc.def=; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 01 Jan 2031 00:00:00 GMT',
    );
    expect(cookie?.name).toBe('latchkey_session');
    expect(cookie?.value).toBe('abc.def=');
    expect(cookie?.options).toMatchObject({
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'lax',
      expires: new Date('2031-01-01T00:00:00Z'),
    });
    expect(cookie?.options.encode?.('a=b')).toBe('a=b');
  });

  it('keeps Secure and Max-Age when the API sends them', () => {
    expect(parseSetCookie('__Host-latchkey_session=x; Path=/; Secure; Max-Age=0')?.options).toMatchObject({
      secure: true,
      maxAge: 0,
    });
  });

  it('ignores a header without a cookie name', () => {
    expect(parseSetCookie('=nameless; Path=/')).toBeNull();
  });
});

describe('currentSessionCookie', () => {
  const eventWith = (cookie: string, locals: App.Locals = {}) =>
    ({ request: new Request('http://localhost/', { headers: { cookie } }), locals }) as Pick<
      RequestEvent,
      'request' | 'locals'
    >;

  it("is the browser's session cookie until the API changes it", () => {
    expect(currentSessionCookie(eventWith('theme=dark; latchkey_session=old'))).toBe('latchkey_session=old');
  });

  it('is the session the API has just set, or none once it signed this browser out', () => {
    expect(currentSessionCookie(eventWith('latchkey_session=old', { sessionCookie: 'latchkey_session=new' }))).toBe(
      'latchkey_session=new',
    );
    expect(currentSessionCookie(eventWith('latchkey_session=old', { sessionCookie: null }))).toBeNull();
  });
});
