import { describe, expect, it } from 'vitest';
import { type CallFrame, type CpuProfile, ownerOf } from '../src/profile/cpu-profile.js';
import { summarizeProfile } from '../src/profile/summarize.js';

const frame = (functionName: string, url: string): CallFrame => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

// root › handler (latchkey) › findUnique (@prisma/client) › compile (wasm); plus idle and garbage collection.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6] },
    { id: 2, callFrame: frame('resolve', 'file:///work/main/server/dist/schema/user.js'), children: [3] },
    { id: 3, callFrame: frame('findUnique', 'file:///x/node_modules/@prisma/client/runtime/client.js'), children: [4] },
    { id: 4, callFrame: frame('wasm-function[1]', 'wasm://wasm/0072416a') },
    { id: 5, callFrame: frame('(idle)', '') },
    { id: 6, callFrame: frame('(garbage collector)', '') },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [4, 4, 3, 2, 6, 5, 5, 5, 5, 5],
  timeDeltas: Array.from({ length: 10 }, () => 1000),
};

describe('the profile summary', () => {
  it('names who owns each frame', () => {
    expect(ownerOf(frame('f', 'file:///a/node_modules/@whatwg-node/server/esm/x.js'))).toBe('@whatwg-node/server');
    expect(ownerOf(frame('f', 'file:///a/node_modules/graphql/execution/execute.js'))).toBe('graphql');
    expect(ownerOf(frame('f', 'node:internal/http'))).toBe('node core');
    expect(ownerOf(frame('writev', ''))).toBe('native (C++ builtins)');
  });

  it('leaves idle samples out and splits the rest into self and inclusive shares', () => {
    const summary = summarizeProfile(profile, { cpuMicrosPerRequest: 100 });
    expect(summary.busySamples).toBe(5);
    expect(summary.idlePercent).toBe(50);
    const self = Object.fromEntries(summary.selfByOwner.map((share) => [share.name, share.percent]));
    expect(self).toEqual({ WebAssembly: 40, '@prisma/client': 20, latchkey: 20, 'V8: garbage collector': 20 });
    const inclusive = Object.fromEntries(summary.inclusiveByOwner.map((share) => [share.name, share.percent]));
    expect(inclusive.latchkey).toBe(80);
    expect(inclusive['@prisma/client']).toBe(60);
    expect(summary.selfByOwner[0]?.microsPerRequest).toBe(40);
  });

  it('shows the heaviest path to a hot function where the owner changes', () => {
    const summary = summarizeProfile(profile);
    expect(summary.hotPaths[0]).toEqual({
      function: 'wasm-function[1] wasm://wasm/0072416a:1',
      percentOfFunction: 100,
      path: ['latchkey: resolve', '@prisma/client: findUnique', 'WebAssembly: wasm-function[1]'],
    });
  });
});
