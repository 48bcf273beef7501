/**
 * `tsx src/report/render.ts [results.json]`: rewrites the markdown beside a results file (after a renderer change).
 *
 * Results live beside their generator, in bench/results/; bench/README.md explains them and links to them.
 * Nothing here writes any other file: the root README.md only links to bench/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDirectory, defaultResultsFile } from '../paths.js';
import type { BenchResults } from '../results.js';
import { renderMarkdown } from './markdown.js';

export const benchReadme = path.join(benchDirectory, 'README.md');

export function markdownFileBeside(resultsFile: string): string {
  return `${resultsFile.replace(/\.json$/, '')}.md`;
}

/** Writes `<results>.md` beside `<results>.json`, headed by a link to the page that explains it; returns the tables. */
export function writeMarkdownBeside(resultsFile: string, results: BenchResults): string {
  const markdownFile = markdownFileBeside(resultsFile);
  const guide = path.relative(path.dirname(markdownFile), benchReadme).split(path.sep).join('/');
  const markdown = renderMarkdown(results);
  const heading = [
    '# Bench results',
    '',
    `Written by \`${results.command}\`. How the bench measures, what the targets are and what each change bought: ` +
      `[bench/README.md](${guide}).`,
  ].join('\n');
  writeFileSync(markdownFile, `${heading}\n\n${markdown}\n`);
  return markdown;
}

if (import.meta.filename === process.argv[1]) {
  const resultsFile = process.argv[2] ?? defaultResultsFile;
  writeMarkdownBeside(resultsFile, JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults);
}
