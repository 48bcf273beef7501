/**
 * Summarizes a .cpuprofile: where the busy (non-idle) samples spend their time, by owner (package) and by
 * function, self and inclusive, with the heaviest call path to each hot function.
 * Run as `tsx src/profile/summarize.ts <file.cpuprofile>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { markdownTable } from '../report/markdown-table.js';
import { type CpuProfile, type Frame, readSamples } from './cpu-profile.js';
import { loadFileFor, type ProfiledLoad } from './profiled-load.js';

export interface Share {
  name: string;
  owner?: string;
  samples: number;
  percent: number;
  /** The share applied to the measured server CPU per request, when it was given. */
  microsPerRequest?: number;
}

export interface HotPath {
  function: string;
  percentOfFunction: number;
  /** Where the stack changes owner, outermost first, down to the hot function. */
  path: string[];
}

/** Owners grouped into the layers a request passes through; the first matching layer wins. */
const LAYERS: [name: string, owners: RegExp][] = [
  [
    'Prisma (client, WebAssembly query compiler, driver adapter, driver)',
    /^@prisma\/|^WebAssembly$|^better-sqlite3$|^pg(-.+)?$/,
  ],
  [
    'GraphQL execution (graphql, @graphql-tools, @envelop, Pothos)',
    /^graphql$|^@graphql-tools\/|^@envelop\/|^@pothos\//,
  ],
  ['graphql-yoga and the fetch API (@whatwg-node)', /^graphql-yoga$|^@whatwg-node\//],
  ['Latchkey (server/dist)', /^latchkey$/],
  ['Node core and C++ builtins (HTTP, streams, crypto)', /^node core$|^native /],
  ['V8 (garbage collector, unattributed)', /^V8: /],
];

export function layerOf(owner: string): string {
  return LAYERS.find(([, owners]) => owners.test(owner))?.[0] ?? 'other packages';
}

export interface ProfileSummary {
  busySamples: number;
  busyMilliseconds: number;
  idlePercent: number;
  selfByOwner: Share[];
  inclusiveByOwner: Share[];
  selfByLayer: Share[];
  inclusiveByLayer: Share[];
  selfByFunction: Share[];
  inclusiveLatchkeyFunctions: Share[];
  hotPaths: HotPath[];
}

interface Ranking {
  total: number;
  cpuMicrosPerRequest?: number;
  owners?: Map<string, string>;
  limit?: number;
}

function ranked(counts: Map<string, number>, { total, cpuMicrosPerRequest, owners, limit = 25 }: Ranking): Share[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, samples]) => ({
      name,
      owner: owners?.get(name),
      samples,
      percent: (100 * samples) / total,
      microsPerRequest: cpuMicrosPerRequest === undefined ? undefined : (cpuMicrosPerRequest * samples) / total,
    }));
}

const increment = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Collapses a stack to the frames where the owner changes, which reads as "who called whom" across packages. */
export function ownerTransitions(stack: readonly Frame[]): string[] {
  const path: string[] = [];
  stack.forEach((frame, index) => {
    const previous = stack[index - 1];
    const isLeaf = index === stack.length - 1;
    if (isLeaf || !previous || previous.owner !== frame.owner) path.push(`${frame.owner}: ${frame.functionName}`);
  });
  return path;
}

export interface SummaryOptions {
  top?: number;
  paths?: number;
  /** Server CPU per request measured during the profiled load, to express shares in µs per request. */
  cpuMicrosPerRequest?: number;
}

export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { stacks, idleSamples, sampleIntervalMicros } = readSamples(profile);
  const total = stacks.length;
  const selfByOwner = new Map<string, number>();
  const selfByLayer = new Map<string, number>();
  const inclusiveByLayer = new Map<string, number>();
  const inclusiveByOwner = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveLatchkey = new Map<string, number>();
  const owners = new Map<string, string>();
  const pathsByLeaf = new Map<string, Map<string, number>>();
  for (const stack of stacks) {
    const leaf = stack.at(-1);
    if (!leaf) continue;
    increment(selfByOwner, leaf.owner);
    increment(selfByLayer, layerOf(leaf.owner));
    for (const layer of new Set(stack.map((frame) => layerOf(frame.owner)))) increment(inclusiveByLayer, layer);
    increment(selfByFunction, leaf.key);
    owners.set(leaf.key, leaf.owner);
    // Inclusive: count a sample once per owner or function, however often it recurses.
    for (const owner of new Set(stack.map((frame) => frame.owner))) increment(inclusiveByOwner, owner);
    for (const key of new Set(stack.filter((frame) => frame.owner === 'latchkey').map((frame) => frame.key))) {
      increment(inclusiveLatchkey, key);
    }
    const paths = pathsByLeaf.get(leaf.key) ?? new Map<string, number>();
    increment(paths, ownerTransitions(stack).join(' › '));
    pathsByLeaf.set(leaf.key, paths);
  }
  const { cpuMicrosPerRequest } = options;
  const topFunctions = ranked(selfByFunction, { total, cpuMicrosPerRequest, owners, limit: options.top ?? 25 });
  const hotPaths = topFunctions.slice(0, options.paths ?? 10).map((share) => {
    const [path, samples] = [...(pathsByLeaf.get(share.name)?.entries() ?? [])].sort((a, b) => b[1] - a[1])[0] ?? [
      '',
      0,
    ];
    return { function: share.name, percentOfFunction: (100 * samples) / share.samples, path: path.split(' › ') };
  });
  return {
    busySamples: total,
    busyMilliseconds: (total * sampleIntervalMicros) / 1000,
    idlePercent: (100 * idleSamples) / Math.max(1, idleSamples + total),
    selfByOwner: ranked(selfByOwner, { total, cpuMicrosPerRequest, limit: 15 }),
    inclusiveByOwner: ranked(inclusiveByOwner, { total, cpuMicrosPerRequest, limit: 15 }),
    selfByLayer: ranked(selfByLayer, { total, cpuMicrosPerRequest }),
    inclusiveByLayer: ranked(inclusiveByLayer, { total, cpuMicrosPerRequest }),
    selfByFunction: topFunctions,
    inclusiveLatchkeyFunctions: ranked(inclusiveLatchkey, { total, cpuMicrosPerRequest, limit: 15 }),
    hotPaths,
  };
}

const percent = (value: number) => `${value.toFixed(1)}%`;
const micros = (share: Share | undefined) =>
  share?.microsPerRequest === undefined ? '–' : `${Math.round(share.microsPerRequest)}`;

export function renderSummary(summary: ProfileSummary, title: string): string {
  // Names (and the owner column of the function table) left, numbers right.
  const table = (header: string[], rows: string[][]) =>
    markdownTable(
      header,
      rows,
      header.map((name, index) => (index === 0 || name === 'owner' ? 'left' : 'right')),
    );
  const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;
  return [
    `### ${title}`,
    '',
    `${summary.busySamples} busy samples (${(summary.busyMilliseconds / 1000).toFixed(1)} s), ` +
      `${percent(summary.idlePercent)} of samples idle. Percentages are of busy samples. V8 samples the main thread ` +
      'on a wall clock, so time it spent preempted or blocked in synchronous I/O (SQLite fsync) counts too; ' +
      '≈µs/req applies the percentages to the measured server CPU per request, which assumes that such time falls ' +
      'evenly. Stacks restart at every await: code that runs after an await is attributed to the library that ' +
      'resumed it, not to the Latchkey function that awaited.',
    '',
    table(
      ['Layer', 'self', 'self ≈µs/req', 'inclusive', 'inclusive ≈µs/req'],
      summary.selfByLayer.map((share) => {
        const inclusive = summary.inclusiveByLayer.find((other) => other.name === share.name);
        return [
          share.name,
          percent(share.percent),
          micros(share),
          inclusive ? percent(inclusive.percent) : '–',
          micros(inclusive),
        ];
      }),
    ),
    '',
    table(
      ['Owner', 'self', 'self ≈µs/req', 'inclusive', 'inclusive ≈µs/req'],
      summary.selfByOwner.map((share) => {
        const inclusive = summary.inclusiveByOwner.find((other) => other.name === share.name);
        return [
          share.name,
          percent(share.percent),
          micros(share),
          inclusive ? percent(inclusive.percent) : '–',
          micros(inclusive),
        ];
      }),
    ),
    '',
    table(
      ['Function (self time)', 'owner', 'self', '≈µs/req'],
      summary.selfByFunction.map((share) => [
        code(share.name),
        share.owner ?? '',
        percent(share.percent),
        micros(share),
      ]),
    ),
    '',
    table(
      ['Latchkey function (inclusive, synchronous part only)', 'inclusive', '≈µs/req'],
      summary.inclusiveLatchkeyFunctions.map((share) => [code(share.name), percent(share.percent), micros(share)]),
    ),
    '',
    'Heaviest call path to each of the hottest functions (frames where the owner changes):',
    '',
    ...summary.hotPaths.map(
      (hot) => `- ${code(hot.function)} (${percent(hot.percentOfFunction)} of its samples): ${hot.path.join(' › ')}`,
    ),
  ].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: summarize.ts <file.cpuprofile>');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const load = existsSync(loadFileFor(file))
    ? (JSON.parse(readFileSync(loadFileFor(file), 'utf8')) as ProfiledLoad)
    : undefined;
  console.log(renderSummary(summarizeProfile(profile, { cpuMicrosPerRequest: load?.cpuMicrosPerRequest }), file));
}
