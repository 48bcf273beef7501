import type { ApiResult } from './api';

/** A text field of a posted form; a missing field (or a file) reads as empty. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * The status of a form action's `fail` for an answer the API refused: its own HTTP status when that says more
 * than 200 (429 rate limited, 503 unreachable), else 400 for a typed failure such as wrong credentials.
 */
export function statusOfRefusal(result: ApiResult<unknown>): number {
  return Math.max(result.status, 400);
}
