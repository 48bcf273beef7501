/** Columns as Biome's markdown formatter lays them out; emoji such as ✅ take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /\p{Emoji_Presentation}/u.test(character) ? 2 : 1;
  return width;
}

export type Alignment = 'left' | 'right';

/** A markdown table padded the way `biome format` writes it, so generated files pass `biome check` unchanged. */
export function markdownTable(header: string[], rows: string[][], alignments: Alignment[]): string {
  const widths = header.map((cell, column) =>
    Math.max(3, displayWidth(cell), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const pad = (cell: string, column: number) => {
    const padding = ' '.repeat((widths[column] ?? 0) - displayWidth(cell));
    return alignments[column] === 'right' ? padding + cell : cell + padding;
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const separator = widths.map((width, column) =>
    alignments[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  return [line(header), `| ${separator.join(' | ')} |`, ...rows.map(line)].join('\n');
}
