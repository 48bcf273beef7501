import type { Client } from '@urql/core';
import { ReauthenticateMutation, reauthenticationRefusal } from '$lib/reauthentication';

/** What `attempt` resolves with: the last answer, and whether the person closed the password dialog instead. */
export interface ConfirmedOutcome<Outcome> {
  outcome: Outcome;
  cancelled: boolean;
}

/**
 * Sudo mode: the API asks for the password again (at most every 10 minutes) before restoring a token or
 * generating one that can write. `attempt` runs a mutation; when it meets ReauthenticationRequiredError it
 * opens the password dialog and, once the password was accepted, runs the mutation once more.
 */
export class PasswordConfirmation {
  open = $state(false);
  readonly #client: Client;
  #settle: ((confirmed: boolean) => void) | null = null;

  constructor(client: Client) {
    this.#client = client;
  }

  async attempt<Outcome extends { __typename?: string } | null | undefined>(
    run: () => Promise<Outcome>,
  ): Promise<ConfirmedOutcome<Outcome>> {
    const outcome = await run();
    if (outcome?.__typename !== 'ReauthenticationRequiredError') return { outcome, cancelled: false };
    if (!(await this.request())) return { outcome, cancelled: true };
    return { outcome: await run(), cancelled: false };
  }

  /** Opens the password dialog; resolves true once the API accepted the password, false if it was cancelled. */
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
    const refusal = reauthenticationRefusal(result.data?.reauthenticate, result.error);
    if (!refusal) this.#finish(true);
    return refusal;
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
