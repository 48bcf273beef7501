import type { Client } from '@urql/core';
import { graphql } from '$lib/graphql';

const ReauthenticateMutation = graphql(`
  mutation Reauthenticate($input: ReauthenticateInput!) {
    reauthenticate(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/**
 * Sudo mode: the API asks for the password again (at most every 10 minutes) before restoring a token or
 * generating one that can write. An action that meets ReauthenticationRequiredError awaits `request()`,
 * which opens the password dialog, and retries once it resolves true.
 */
export class PasswordConfirmation {
  open = $state(false);
  readonly #client: Client;
  #settle: ((confirmed: boolean) => void) | null = null;

  constructor(client: Client) {
    this.#client = client;
  }

  request(): Promise<boolean> {
    this.#finish(false);
    this.open = true;
    return new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** Resolves with the message to show beside the password, or nothing once the API accepted it. */
  async submit(password: string): Promise<string | undefined> {
    const result = await this.#client.mutation(ReauthenticateMutation, { input: { password } }).toPromise();
    const outcome = result.data?.reauthenticate;
    if (outcome?.__typename === 'ReauthenticateSuccess') {
      this.#finish(true);
      return undefined;
    }
    return outcome?.message ?? 'Your password could not be checked. Check your connection and try again.';
  }

  cancel() {
    this.#finish(false);
  }

  #finish(confirmed: boolean) {
    this.open = false;
    const settle = this.#settle;
    this.#settle = null;
    settle?.(confirmed);
  }
}
