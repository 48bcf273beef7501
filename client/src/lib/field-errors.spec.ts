import { describe, expect, it } from 'vitest';
import { describedBy, messagesByField } from './field-errors';

describe('messagesByField', () => {
  it('puts each server message beside the input field it names', () => {
    expect(
      messagesByField(
        [
          { path: ['input', 'name'], message: 'Give the token a name.' },
          { path: ['input', 'scopes'], message: 'Choose at least one scope.' },
        ],
        ['name', 'expiration', 'scopes'],
      ),
    ).toEqual({ name: 'Give the token a name.', scopes: 'Choose at least one scope.' });
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
