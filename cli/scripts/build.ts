// Bundles the CLI into one file, dist/latchkey.js, with everything it imports: the package then has no
// dependencies to install (the workspace's @latchkey/rules is not published), and starts by reading one file.
// Type-checking is `tsc --noEmit`'s job; this only strips types. Runs on Node's own type stripping.
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const cliRoot = path.resolve(import.meta.dirname, '..');
const outputFile = path.join(cliRoot, 'dist/latchkey.js');
const { engines } = JSON.parse(await readFile(path.join(cliRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
};

/** The directory of each installed package that went into the bundle, from esbuild's list of inputs. */
function bundledPackageDirectories(inputs: readonly string[]): string[] {
  const directories = inputs.flatMap((input) => {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match?.[1] ? [path.resolve(cliRoot, match[1])] : [];
  });
  return [...new Set(directories)].sort();
}

/** Their licences ask for their notices to travel with the code: each one's licence text, in a comment. */
async function licenceNotices(directories: readonly string[]): Promise<string> {
  const notices = await Promise.all(
    directories.map(async (directory) => {
      const { name, version, license } = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8'));
      const licenceFile = (await readdir(directory)).find((file) => /^licen[cs]e(\.|$)/i.test(file));
      if (!licenceFile) throw new Error(`${name} has no licence file to include in the bundle`);
      const text = await readFile(path.join(directory, licenceFile), 'utf8');
      return `${name} ${version} (${license}):\n\n${text.trim()}`;
    }),
  );
  if (notices.length === 0) return '';
  const body = notices.join('\n\n---\n\n').replaceAll('*/', '* /');
  return `\n/*! Bundled third-party code and its licences:\n\n${body}\n*/\n`;
}

const result = await build({
  absWorkingDir: cliRoot,
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${/\d+/.exec(engines.node)?.[0]}`,
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'eof',
  metafile: true,
  write: false,
  outfile: outputFile,
  logLevel: 'warning',
});
const [bundle] = result.outputFiles;
if (!bundle) throw new Error('esbuild wrote nothing');
const notices = await licenceNotices(bundledPackageDirectories(Object.keys(result.metafile.inputs)));
// Written beside and renamed into place: a test running the CLI while `npm pack` rebuilds it sees one whole file.
const temporaryFile = `${outputFile}.${process.pid}.tmp`;
await mkdir(path.dirname(outputFile), { recursive: true });
await writeFile(temporaryFile, bundle.text + notices);
await chmod(temporaryFile, 0o755);
await rename(temporaryFile, outputFile);
