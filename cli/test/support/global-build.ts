import { spawnSync } from 'node:child_process';
import { cliRoot } from './paths.js';

/** Builds dist/latchkey.js the way `npm run build` does, so that every test runs what the package ships. */
export default function buildTheCli() {
  const build = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: cliRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`The CLI did not build:\n${build.stderr}`);
}
