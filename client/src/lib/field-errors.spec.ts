import { afterEach, describe, expect, it } from 'vitest';
import { describedBy, focusFirstError, messagesByField } from './field-errors';

describe('messagesByField', () => {
  it('puts each server message beside the input field it names', () => {
    expect(
      messagesByField(
        [
          { path: ['input', 'name'], message: 'Give the token a name.' },
          { path: ['input', 'permissions'], message: 'Choose at least one permission.' },
        ],
        ['name', 'expiration', 'permissions'],
      ),
    ).toEqual({ name: 'Give the token a name.', permissions: 'Choose at least one permission.' });
  });

  it('keeps messages about fields the form does not show', () => {
    expect(messagesByField([{ path: ['input', 'colour'], message: 'Unknown.' }], ['name'])).toEqual({
      form: 'Unknown.',
    });
  });
});

describe('describedBy', () => {
  it('joins the ids that apply, and gives none when none do', () => {
    expect(describedBy('name-error', 'name-hint')).toBe('name-error name-hint');
    expect(describedBy(false, 'name-hint')).toBe('name-hint');
    expect(describedBy(undefined, false)).toBeUndefined();
  });
});

describe('focusFirstError', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  function form(html: string): HTMLFormElement {
    const element = document.createElement('form');
    element.innerHTML = html;
    document.body.append(element);
    return element;
  }

  it('puts focus on the first field marked invalid', async () => {
    const element = form(
      '<input id="email"><input id="password" aria-invalid="true" value="hunter2"><input id="other" aria-invalid="true">',
    );
    await focusFirstError(element);
    expect(document.activeElement?.id).toBe('password');
    expect((document.activeElement as HTMLInputElement).selectionEnd).toBe(0);
  });

  it('selects what was typed, for a value that needs retyping', async () => {
    const element = form('<input id="current" aria-invalid="true" value="not it">');
    await focusFirstError(element, { select: true });
    const input = document.activeElement as HTMLInputElement;
    expect(input.id).toBe('current');
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'not it'.length]);
  });

  it('counts a group of checkboxes marked invalid as one field', async () => {
    const element = form('<fieldset data-invalid><input type="checkbox" id="first"><input type="checkbox"></fieldset>');
    await focusFirstError(element);
    expect(document.activeElement?.id).toBe('first');
  });
});
