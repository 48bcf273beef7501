import { describe, expect, it } from 'vitest';
import { formatJson } from '../src/report/json-file.js';

describe('results JSON', () => {
  it('is laid out as Biome formats it: objects expanded, short lists of numbers on one line', () => {
    expect(formatJson({ load: [1.23456, 2, 3], nested: { empty: {}, items: [{ a: 1 }] } })).toBe(
      [
        '{',
        '  "load": [1.235, 2, 3],',
        '  "nested": {',
        '    "empty": {},',
        '    "items": [',
        '      {',
        '        "a": 1',
        '      }',
        '    ]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('writes a missing measurement (NaN) as null', () => {
    expect(formatJson({ ratio: Number.NaN })).toBe('{\n  "ratio": null\n}');
  });
});
