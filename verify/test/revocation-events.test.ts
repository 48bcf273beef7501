import { describe, expect, it } from 'vitest';
import { revocationEventParser } from '../src/revocation-events.js';

function parse(text: string, pieceLength: number) {
  const calls: string[] = [];
  const parser = revocationEventParser({
    ready: () => calls.push('ready'),
    invalidated: (tokenId) => calls.push(`invalidated ${tokenId}`),
    unreadable: (data) => calls.push(`unreadable ${data}`),
    retry: (delayMs) => calls.push(`retry ${delayMs}`),
  });
  for (let start = 0; start < text.length; start += pieceLength) parser.feed(text.slice(start, start + pieceLength));
  return calls;
}

const stream = [
  'retry: 1000',
  '',
  'event: ready',
  'data: {}',
  '',
  ': keepalive',
  '',
  'event: invalidated',
  'data: {"token_id":"UGVyc29uYWxBY2Nlc3NUb2tlbjox"}',
  '',
  'event: something-newer',
  'data: {"token_id":"ignored"}',
  '',
  'event: invalidated',
  'data: not json',
  '',
  'event: invalidated',
  'data: {"token_id":""}',
  '',
  '',
].join('\r\n');

describe('the revocation stream parser', () => {
  it('reads ready, invalidations and retry, however the bytes are split, and ignores keepalives and unknown events', () => {
    const expected = [
      'retry 1000',
      'ready',
      'invalidated UGVyc29uYWxBY2Nlc3NUb2tlbjox',
      'unreadable not json',
      'unreadable {"token_id":""}',
    ];
    for (const pieceLength of [1, 2, 7, stream.length]) expect(parse(stream, pieceLength)).toEqual(expected);
  });

  it('acts on no message until its blank line arrives', () => {
    expect(parse('event: invalidated\ndata: {"token_id":"a"}\n', 5)).toEqual([]);
  });
});
