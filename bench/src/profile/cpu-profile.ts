/** Reads a V8 .cpuprofile (what `node --cpu-prof` writes) into per-sample stacks attributed to packages. */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  /** Function name and where it is, unique per function. */
  key: string;
  functionName: string;
  location: string;
  /** Who the code belongs to: an npm package, Latchkey's build, node core, or V8 itself. */
  owner: string;
}

const PSEUDO_FRAMES: Record<string, string> = {
  '(garbage collector)': 'V8: garbage collector',
  '(program)': 'V8: program (native, unattributed)',
  '(idle)': 'idle',
  '(root)': 'root',
};

export function ownerOf(callFrame: CallFrame): string {
  const pseudo = PSEUDO_FRAMES[callFrame.functionName];
  if (pseudo && callFrame.url === '') return pseudo;
  const { url } = callFrame;
  if (url === '') return 'native (C++ builtins)';
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('wasm://')) return 'WebAssembly';
  const packageMatch = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packageMatch?.[1]) return packageMatch[1];
  if (url.includes('/server/dist/')) return 'latchkey';
  return url;
}

function shortLocation(callFrame: CallFrame): string {
  const { url, lineNumber } = callFrame;
  if (url === '') return '';
  const afterPackage = /\/node_modules\/(.*)$/.exec(url)?.[1];
  const inServer = /\/server\/dist\/(.*)$/.exec(url)?.[1];
  const file = afterPackage ?? (inServer ? `server/dist/${inServer}` : url.replace(/^file:\/\//, ''));
  return `${file}:${lineNumber + 1}`;
}

export function frameOf(callFrame: CallFrame): Frame {
  const functionName = callFrame.functionName || '(anonymous)';
  const location = shortLocation(callFrame);
  return { key: `${functionName} ${location}`, functionName, location, owner: ownerOf(callFrame) };
}

export interface ProfileSamples {
  /** Each busy (non-idle) sample's stack, outermost frame first. */
  stacks: Frame[][];
  idleSamples: number;
  sampleIntervalMicros: number;
}

export function readSamples(profile: CpuProfile): ProfileSamples {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stackCache = new Map<number, Frame[]>();
  const stackOf = (id: number): Frame[] => {
    const cached = stackCache.get(id);
    if (cached) return cached;
    const node = byId.get(id);
    if (!node) return [];
    const parent = parentOf.get(id);
    const frame = frameOf(node.callFrame);
    const stack = frame.owner === 'root' ? [] : [...(parent === undefined ? [] : stackOf(parent)), frame];
    stackCache.set(id, stack);
    return stack;
  };
  const stacks: Frame[][] = [];
  let idleSamples = 0;
  for (const id of profile.samples) {
    const stack = stackOf(id);
    if (stack.length === 0 || stack.at(-1)?.owner === 'idle') idleSamples++;
    else stacks.push(stack);
  }
  const sampleIntervalMicros = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  return { stacks, idleSamples, sampleIntervalMicros };
}
