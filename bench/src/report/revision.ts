import { execFileSync } from 'node:child_process';
import { repositoryRoot } from '../paths.js';

/** Which server code was measured: the commit, and whether what the build reads had uncommitted changes. */
export function describeServerRevision(): string {
  if (process.env.BENCH_SERVER_REVISION) return process.env.BENCH_SERVER_REVISION;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'server/src', 'server/package.json', 'prisma') !== '';
    return dirty ? `${commit} plus uncommitted changes to the server` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
