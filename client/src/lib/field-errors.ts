import { tick } from 'svelte';

export interface GraphQLFieldError {
  path: readonly string[];
  message: string;
}

/**
 * Turns a ValidationError's `fieldErrors` (paths such as ["input", "name"]) into one message per input field.
 * Errors on fields the form does not show are returned under `form`, so nothing is silently dropped.
 */
export function messagesByField<Field extends string>(
  fieldErrors: readonly GraphQLFieldError[],
  fields: readonly Field[],
): Partial<Record<Field | 'form', string>> {
  const messages: Partial<Record<Field | 'form', string>> = {};
  for (const error of fieldErrors) {
    const name = error.path[0] === 'input' ? error.path[1] : error.path[0];
    const field = fields.find((candidate) => candidate === name) ?? 'form';
    messages[field] = messages[field] ? `${messages[field]} ${error.message}` : error.message;
  }
  return messages;
}

/** An `aria-describedby` value from the ids that apply (an error's, a hint's), or none at all. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/**
 * After a refused submit: moves focus to the first field marked invalid (a group of checkboxes counts as one),
 * once the errors are on screen. `select` selects its text too, for a value that needs retyping.
 */
export async function focusFirstError(form: HTMLElement | undefined, { select = false } = {}): Promise<void> {
  await tick();
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] input');
  field?.focus();
  if (select && field instanceof HTMLInputElement) field.select();
}
