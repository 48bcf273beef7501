import { describe, expect, it } from 'vitest';
import { decisionRefusal, denyMessageProblem, lifetimeText } from './approvals';

describe('decisionRefusal', () => {
  it('is nothing once the decision was made', () => {
    expect(decisionRefusal({ __typename: 'ApproveTokenSuccess' }, 'approve')).toBeNull();
    expect(decisionRefusal({ __typename: 'DenyTokenSuccess' }, 'deny')).toBeNull();
  });

  it('puts a message problem beside the field and anything else above the buttons', () => {
    expect(
      decisionRefusal(
        {
          __typename: 'ValidationError',
          message: 'Messages are at most 500 characters.',
          fieldErrors: [{ path: ['message'], message: 'Messages are at most 500 characters.' }],
        },
        'deny',
      ),
    ).toEqual({ message: 'Messages are at most 500 characters.' });
    expect(
      decisionRefusal(
        { __typename: 'InvalidTransitionError', message: 'Another administrator must approve your own request.' },
        'approve',
      ),
    ).toEqual({ form: 'Another administrator must approve your own request.' });
    expect(decisionRefusal(undefined, 'deny')).toEqual({
      form: 'The request could not be denied. Check your connection and try again.',
    });
  });
});

describe('denyMessageProblem', () => {
  it('asks for a message that is more than spaces', () => {
    expect(denyMessageProblem('  ')).toBe('Say why the request is denied: its owner reads it.');
    expect(denyMessageProblem('Use the read-only token.')).toBeUndefined();
  });
});

describe('lifetimeText', () => {
  it('says how long the token lives once approved', () => {
    expect(lifetimeText(30)).toBe('30 days');
    expect(lifetimeText(1)).toBe('1 day');
    expect(lifetimeText(0.5)).toBe('12 hours');
  });
});
