/** `tsx src/report/render.ts [results.json]`: rewrites the markdown beside a results file (after a renderer change). */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultResultsFile } from '../paths.js';
import type { BenchResults } from '../results.js';
import { renderMarkdown } from './markdown.js';

export function writeMarkdownBeside(resultsFile: string, results: BenchResults): string {
  const markdown = renderMarkdown(results);
  writeFileSync(resultsFile.replace(/\.json$/, '.md'), `${markdown}\n`);
  return markdown;
}

if (import.meta.filename === process.argv[1]) {
  const resultsFile = process.argv[2] ?? defaultResultsFile;
  writeMarkdownBeside(resultsFile, JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults);
}
