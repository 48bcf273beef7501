/**
 * `tsx src/profile/diff.ts <scenario> <reference>` (names of profiles in results/profiles, for example
 * `viewer-id bare-yoga`): where the scenario spends CPU per request that the reference does not, by layer, owner
 * and function. Each profile's shares are applied to the CPU per request measured while it was recorded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { profilesDirectory } from '../paths.js';
import { markdownTable } from '../report/markdown-table.js';
import { type CpuProfile, type Frame, readSamples } from './cpu-profile.js';
import { loadFileFor, type ProfiledLoad } from './profiled-load.js';
import { layerOf } from './summarize.js';

type Key = (leaf: Frame) => string;

/** Approximate self CPU µs per request by key (the leaf frame's layer, owner or function). */
export function selfMicrosPerRequest(
  profile: CpuProfile,
  cpuMicrosPerRequest: number,
  keyOf: Key,
): Map<string, number> {
  const { stacks } = readSamples(profile);
  const micros = new Map<string, number>();
  const perSample = cpuMicrosPerRequest / Math.max(1, stacks.length);
  for (const stack of stacks) {
    const leaf = stack.at(-1);
    if (leaf) micros.set(keyOf(leaf), (micros.get(keyOf(leaf)) ?? 0) + perSample);
  }
  return micros;
}

export interface Difference {
  name: string;
  scenario: number;
  reference: number;
  added: number;
}

export function differences(scenario: Map<string, number>, reference: Map<string, number>): Difference[] {
  const names = new Set([...scenario.keys(), ...reference.keys()]);
  return [...names]
    .map((name) => {
      const ours = scenario.get(name) ?? 0;
      const theirs = reference.get(name) ?? 0;
      return { name, scenario: ours, reference: theirs, added: ours - theirs };
    })
    .sort((a, b) => b.added - a.added);
}

function read(name: string): { profile: CpuProfile; load: ProfiledLoad } {
  const file = path.join(profilesDirectory, `${name}.cpuprofile`);
  return {
    profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
    load: JSON.parse(readFileSync(loadFileFor(file), 'utf8')) as ProfiledLoad,
  };
}

function render(title: string, rows: Difference[], limit: number): string {
  const whole = (value: number) => Math.round(value).toLocaleString('en-US');
  return markdownTable(
    [title, 'scenario ≈µs/req', 'reference ≈µs/req', 'added'],
    rows.slice(0, limit).map((row) => [row.name, whole(row.scenario), whole(row.reference), whole(row.added)]),
    ['left', 'right', 'right', 'right'],
  );
}

if (import.meta.filename === process.argv[1]) {
  const [scenarioName, referenceName] = process.argv.slice(2);
  if (!scenarioName || !referenceName) throw new Error('usage: diff.ts <scenario profile> <reference profile>');
  const scenario = read(scenarioName);
  const reference = read(referenceName);
  const compare = (keyOf: Key) =>
    differences(
      selfMicrosPerRequest(scenario.profile, scenario.load.cpuMicrosPerRequest, keyOf),
      selfMicrosPerRequest(reference.profile, reference.load.cpuMicrosPerRequest, keyOf),
    );
  console.log(
    [
      `### ${scenarioName} (${Math.round(scenario.load.cpuMicrosPerRequest)} µs CPU/req) against ${referenceName} ` +
        `(${Math.round(reference.load.cpuMicrosPerRequest)} µs CPU/req), self time`,
      '',
      render(
        'Layer',
        compare((leaf) => layerOf(leaf.owner)),
        10,
      ),
      '',
      render(
        'Owner',
        compare((leaf) => leaf.owner),
        15,
      ),
      '',
      render(
        'Function',
        compare((leaf) => `\`${leaf.key.replaceAll('|', '\\|')}\``),
        25,
      ),
    ].join('\n'),
  );
}
