import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serverDirectory } from '../paths.js';

/** The node flags of a start script of the form `node [--flag …] dist/index.js`. */
export function nodeArgumentsOfStartScript(script: string): string[] {
  const match = /^node((?: --\S+)*) dist\/index\.js$/.exec(script.trim());
  if (!match) throw new Error(`Expected a start script "node [--flag …] dist/index.js", got "${script}"`);
  return (match[1] ?? '').split(' ').filter(Boolean);
}

/** The flags `npm start` gives node (server/package.json), so the bench runs the server as production does. */
export function productionNodeArguments(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(serverDirectory, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return nodeArgumentsOfStartScript(manifest.scripts.start);
}
