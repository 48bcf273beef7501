import { describe, expect, it, vi } from 'vitest';
import { confirmPostedPassword, passwordStep } from './password-step';

function postedForm(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

/** A request event whose `fetch` is the API answering `reauthenticate` with `typename`. */
function eventAnswering(typename: string) {
  const fetch = vi.fn(async () =>
    Response.json({ data: { reauthenticate: { __typename: typename, message: 'Refused.' } } }),
  );
  return { fetch, cookies: { set: vi.fn() }, locals: {}, request: new Request('http://ui.test/') } as never;
}

describe('passwordStep', () => {
  it('carries every posted field in order, repeated ones too, and never the password', () => {
    const form = postedForm([
      ['name', 'ci-deploy'],
      ['permissions', 'tokens:read'],
      ['password', 'correct horse battery staple'],
      ['permissions', 'tokens:write'],
    ]);
    expect(passwordStep(form)).toEqual({
      carried: [
        ['name', 'ci-deploy'],
        ['permissions', 'tokens:read'],
        ['permissions', 'tokens:write'],
      ],
      error: null,
    });
  });
});

describe('confirmPostedPassword', () => {
  it('lets a post without a password go on without asking the API', async () => {
    const event = eventAnswering('ReauthenticateSuccess');
    expect(await confirmPostedPassword(event, postedForm([['name', 'x']]))).toBeNull();
    expect((event as { fetch: ReturnType<typeof vi.fn> }).fetch).not.toHaveBeenCalled();
  });

  it('asks again for an empty or wrong password, carrying the fields; goes on once it is accepted', async () => {
    const empty = await confirmPostedPassword(eventAnswering('ReauthenticateSuccess'), postedForm([['password', '']]));
    expect(empty).toEqual({ status: 400, step: { carried: [], error: 'Enter your password.' } });

    const form = postedForm([
      ['overlap', 'NONE'],
      ['password', 'wrong'],
    ]);
    expect(await confirmPostedPassword(eventAnswering('InvalidCredentialsError'), form)).toEqual({
      status: 400,
      step: { carried: [['overlap', 'NONE']], error: 'The password is incorrect.' },
    });
    expect(await confirmPostedPassword(eventAnswering('ReauthenticateSuccess'), form)).toBeNull();
  });
});
