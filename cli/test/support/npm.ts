import { execFileSync, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** npm's own script, run on this Node (24), as the repository's scripts run it. */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && path.basename(fromNpm) === 'npm-cli.js') return fromNpm;
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return path.join(path.dirname(realpathSync(npm)), 'npm-cli.js');
}

/** Runs npm with `args` in `directory`; its standard output, or a failure with what it said. */
export function runNpm(args: readonly string[], directory: string): Promise<string> {
  const child = spawn(process.execPath, [npmCli(), ...args], {
    cwd: directory,
    env: {
      // Nothing from an npm that started the tests (its workspace, its prefix) may steer this one.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`npm ${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}
