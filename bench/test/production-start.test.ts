import { describe, expect, it } from 'vitest';
import { nodeArgumentsOfStartScript, productionNodeArguments } from '../src/servers/production-start.js';

describe("the server's production start command", () => {
  it('yields the node flags before the entry point', () => {
    expect(nodeArgumentsOfStartScript('node dist/index.js')).toEqual([]);
    expect(nodeArgumentsOfStartScript('node --max-old-space-size=160 --trace-gc dist/index.js')).toEqual([
      '--max-old-space-size=160',
      '--trace-gc',
    ]);
  });

  it('refuses a start script of another shape, rather than benchmarking something else', () => {
    expect(() => nodeArgumentsOfStartScript('tsx src/index.ts')).toThrow(/Expected a start script/);
    expect(() => nodeArgumentsOfStartScript('node dist/index.js --port 3')).toThrow(/Expected a start script/);
  });

  it("is read from the server's package.json", () => {
    expect(productionNodeArguments()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=/)]),
    );
  });
});
