import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/paths.js';

/** Code that may point at documentation, by path from the repository root (`docs/cli.md#exit-codes`). */
const SOURCE_DIRECTORIES = [
  'server/src',
  'server/test',
  'server/scripts',
  'client/src',
  'client/e2e',
  'client/scripts',
  'cli/src',
  'cli/bin',
  'cli/test',
  'cli/scripts',
  'bench/src',
  'bench/test',
  'rules',
];
const SOURCE_FILE = /\.(?:ts|js|mjs|cjs|svelte|html)$/;
const NOT_OURS = new Set(['node_modules', 'generated', 'dist', 'build', '.svelte-kit']);
const README_MAX_LINES = 250;

/**
 * A path ending in `.md`, with an optional `#heading`: `./` and `../` are relative to the file, others to the root.
 * A bare lower-case name (`latest.md`) is a file the code writes, not documentation, and is left alone.
 */
const DOCUMENT_REFERENCE = /(?<![\w./-])((?:\.{1,2}\/)*(?:[\w-]+\/)*[\w-]+\.md)(?:#([\w-]+))?/g;
const isDocumentation = (reference: string) => reference.includes('/') || /^[A-Z][A-Z_-]*\.md$/.test(reference);
/** "the README", "(bench/README)": a mention of a README that names no file, so nothing can check it. */
const UNCHECKABLE_README = /\breadme\b(?!\.md)/gi;
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_OURS.has(entry.name)) return [];
    const file = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

const sourceFiles = SOURCE_DIRECTORIES.flatMap((directory) => filesUnder(path.join(repositoryRoot, directory))).filter(
  (file) => SOURCE_FILE.test(file),
);

const documentationPages = [
  'README.md',
  'SECURITY.md',
  'CONTRIBUTING.md',
  'bench/README.md',
  'bench/results/latest.md',
  ...readdirSync(path.join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].map((page) => path.join(repositoryRoot, page));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdownFile: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inCodeBlock = false;
  for (const line of readFileSync(markdownFile, 'utf8').split('\n')) {
    if (line.startsWith('```')) inCodeBlock = !inCodeBlock;
    const heading = inCodeBlock ? undefined : /^#{1,6} +(.+?) *#*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const anchor = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-');
    const repeats = seen.get(anchor) ?? 0;
    seen.set(anchor, repeats + 1);
    anchors.add(repeats === 0 ? anchor : `${anchor}-${repeats}`);
  }
  return anchors;
}

/** Why a reference to `file` (and its `#anchor`) does not resolve, or undefined when it does. */
function brokenTarget(file: string, anchor: string | undefined): string | undefined {
  if (!existsSync(file) || !statSync(file).isFile()) return 'no such file';
  if (anchor && file.endsWith('.md') && !headingAnchors(file).has(anchor)) return `no heading #${anchor}`;
  return undefined;
}

const relative = (file: string) => path.relative(repositoryRoot, file);

function linesOf(file: string) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => ({ text, at: `${relative(file)}:${index + 1}` }));
}

describe('documentation references in code', () => {
  const references = sourceFiles.flatMap((file) =>
    linesOf(file).flatMap(({ text, at }) =>
      [...text.matchAll(DOCUMENT_REFERENCE)]
        .map(([, reference = '', anchor]) => ({ reference, anchor }))
        .filter(({ reference }) => isDocumentation(reference))
        .map(({ reference, anchor }) => ({
          at,
          reference: anchor ? `${reference}#${anchor}` : reference,
          target: reference.startsWith('.')
            ? path.resolve(path.dirname(file), reference)
            : path.join(repositoryRoot, reference),
          anchor,
        })),
    ),
  );

  it('are found in the source tree', () => {
    expect(sourceFiles.length).toBeGreaterThan(100);
    expect(references.length).toBeGreaterThan(0);
  });

  it('name files that exist, and headings those files have', () => {
    const broken = references.flatMap(({ at, reference, target, anchor }) => {
      const problem = brokenTarget(target, anchor);
      return problem ? [`${at}: ${reference} (${problem})`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('name the file, not just "the README"', () => {
    // This file names the pattern it forbids.
    const vague = sourceFiles
      .filter((file) => file !== import.meta.filename)
      .flatMap((file) =>
        linesOf(file).flatMap(({ text, at }) =>
          [...text.matchAll(UNCHECKABLE_README)].length > 0 ? [`${at}: ${text.trim()}`] : [],
        ),
      );
    expect(vague).toEqual([]);
  });
});

describe('the documentation pages', () => {
  it('link only to files and headings that exist', () => {
    const broken = documentationPages.flatMap((page) =>
      linesOf(page).flatMap(({ text, at }) =>
        [...text.matchAll(MARKDOWN_LINK)].flatMap(([, link = '']) => {
          if (/^[a-z]+:/.test(link)) return [];
          const [target, anchor] = link.split('#');
          const problem = brokenTarget(target ? path.resolve(path.dirname(page), target) : page, anchor);
          return problem ? [`${at}: ${link} (${problem})`] : [];
        }),
      ),
    );
    expect(broken).toEqual([]);
  });

  it(`keep README.md a front door of fewer than ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThan(README_MAX_LINES);
  });
});
