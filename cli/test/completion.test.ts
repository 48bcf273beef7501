// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell code, and ${...} in them is the shell's.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';
import { hasShell, runInShell } from './support/shells.js';

/** The commands as the top-level help lists them: completion must offer each without being told about it. */
async function commandsInHelp(): Promise<string[][]> {
  const { stdout } = await runLatchkey(['--help']);
  const section = stdout.slice(
    stdout.indexOf('Commands:\n') + 'Commands:\n'.length,
    stdout.indexOf('\n\n', stdout.indexOf('Commands:')),
  );
  return section.split('\n').map((line) => line.trim().split(/ {2,}/)[0]?.split(' ') ?? []);
}

const scripts: Record<string, string> = {};
let commands: string[][] = [];

beforeAll(async () => {
  commands = await commandsInHelp();
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runLatchkey(['completion', shell]);
    expect(run.exitCode).toBe(0);
    scripts[shell] = run.stdout;
  }
});

// Each shell completes the word after `latchkey ...words`, with what the script offers printed one per line.
const BASH_COMPLETE =
  'source "$1"; shift; COMP_WORDS=(latchkey "$@"); COMP_CWORD=$#; _latchkey; printf "%s\\n" "${COMPREPLY[@]}"';
const ZSH_COMPLETE = [
  // _describe and compadd are zsh's; these stand-ins print the candidates instead of offering them.
  'compdef() { :; }',
  '_describe() { print -rl -- "${(@P)4%%:*}"; }',
  'compadd() { print -rl -- "${(@P)2}"; }',
  'source "$1"; shift; words=(latchkey "$@"); CURRENT=${#words}; _latchkey',
].join('\n');
const FISH_COMPLETE =
  "source $argv[1]; complete -C (string join -- ' ' latchkey $argv[2..-1]) | string replace -r '\\t.*' ''";

function completions(shell: 'bash' | 'zsh' | 'fish', words: string[]): string[] {
  const program = { bash: BASH_COMPLETE, zsh: ZSH_COMPLETE, fish: FISH_COMPLETE }[shell];
  return runInShell(shell, scripts[shell] ?? '', program, words)
    .split('\n')
    .filter((line) => line !== '');
}

describe.each([
  ['bash', true],
  ['zsh', hasShell('zsh')],
  ['fish', hasShell('fish')],
] as const)('latchkey completion %s', (shell, available) => {
  it('names every command in the script', () => {
    for (const words of commands) {
      for (const word of words) expect(scripts[shell]).toContain(word);
    }
  });

  it.skipIf(!available)('offers every command word after the words before it', () => {
    for (const words of commands) {
      const before = words.slice(0, -1);
      expect(completions(shell, [...before, ''])).toContain(words.at(-1));
    }
  });

  it.skipIf(!available)('offers the options of the command typed, the global ones with them', () => {
    const options = completions(shell, ['tokens', 'create', '--']);

    expect(options).toEqual(
      expect.arrayContaining([
        '--name',
        '--permission',
        '--expires',
        '--allow-ip',
        '--rate-limit',
        '--quota',
        '--json',
        '--url',
      ]),
    );
    expect(options).not.toContain('--status');
  });

  it.skipIf(!available)('offers the values of an option that takes a few, after an option with a value', () => {
    expect(completions(shell, ['--url', 'http://localhost:4000/graphql', 'tokens', 'list', '--status', ''])).toEqual(
      expect.arrayContaining(['active', 'revoked', 'expired']),
    );
    expect(completions(shell, ['completion', ''])).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
  });
});

describe('the bash script', () => {
  it('is accepted by bash -n', () => {
    const file = path.join(temporaryDirectory(), 'latchkey.bash');
    writeFileSync(file, scripts.bash ?? '');

    const check = spawnSync('bash', ['-n', file], { encoding: 'utf8' });

    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe.each([
  ['zsh', ['-n']],
  ['fish', ['--no-execute']],
] as const)('the %s script', (shell, checkArgs) => {
  it.skipIf(!hasShell(shell))(`is accepted by ${shell} ${checkArgs.join(' ')}`, () => {
    const file = path.join(temporaryDirectory(), `latchkey.${shell}`);
    writeFileSync(file, scripts[shell] ?? '');

    const check = spawnSync(shell, [...checkArgs, file], { encoding: 'utf8' });

    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

it('refuses a shell it has no script for', async () => {
  const run = await runLatchkey(['completion', 'powershell']);

  expect(run.exitCode).toBe(2);
  expect(run.stderr).toBe('latchkey: completion is for bash, zsh, fish, not "powershell"\n');
});
