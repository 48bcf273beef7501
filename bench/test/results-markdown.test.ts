import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchDirectory, defaultResultsFile } from '../src/paths.js';
import { benchReadme, markdownFileBeside, writeMarkdownBeside } from '../src/report/render.js';
import type { BenchResults } from '../src/results.js';

const committedResults = JSON.parse(readFileSync(defaultResultsFile, 'utf8')) as BenchResults;
const linkTargets = (markdown: string) => [...markdown.matchAll(/\]\(([^)#\s]+)/g)].map(([, target = '']) => target);

let directory: string | undefined;
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('the results markdown', () => {
  it('is written beside the results file, and nothing else is written', () => {
    directory = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-markdown-'));
    const resultsFile = path.join(directory, 'run.json');
    writeFileSync(resultsFile, '{}\n');
    writeMarkdownBeside(resultsFile, committedResults);
    expect(readdirSync(directory).sort()).toEqual(['run.json', 'run.md']);
    expect(readFileSync(path.join(directory, 'run.md'), 'utf8')).toMatch(
      /^\| Target +\| Wanted +\| Measured +\| Result +\|$/m,
    );
  });

  it('never replaces a results file that is not named .json', () => {
    expect(markdownFileBeside('/tmp/results')).toBe('/tmp/results.md');
  });

  it('of npm run bench stays in bench/results/, beside its generator', () => {
    expect(path.relative(benchDirectory, markdownFileBeside(defaultResultsFile))).toBe(
      path.join('results', 'latest.md'),
    );
  });

  it('links to bench/README.md, which links back to it', () => {
    const resultsMarkdown = markdownFileBeside(defaultResultsFile);
    const fromResults = linkTargets(readFileSync(resultsMarkdown, 'utf8')).map((target) =>
      path.resolve(path.dirname(resultsMarkdown), target),
    );
    expect(fromResults).toContain(benchReadme);
    expect(existsSync(benchReadme)).toBe(true);
    const fromReadme = linkTargets(readFileSync(benchReadme, 'utf8')).map((target) =>
      path.resolve(benchDirectory, target),
    );
    expect(fromReadme).toContain(resultsMarkdown);
  });
});
