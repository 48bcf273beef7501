import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LINE_WIDTH = 120;
// Three decimals are more precision than a noisy machine gives.
const roundFraction = (value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value;
const isPrimitive = (value: unknown) => value === null || typeof value !== 'object';

/**
 * JSON laid out the way Biome formats it (objects expanded, short arrays of primitives on one line), so the
 * committed results pass `biome check` as written.
 */
export function formatJson(value: unknown, indent = '', keyPrefix = ''): string {
  if (isPrimitive(value)) return JSON.stringify(roundFraction(value)) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) {
      const oneLine = `[${value.map((item) => JSON.stringify(roundFraction(item))).join(', ')}]`;
      // The trailing comma Biome counts when the array is not the last member.
      if (indent.length + keyPrefix.length + oneLine.length + 1 <= LINE_WIDTH) return oneLine;
    }
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as object).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const members = entries.map(([key, item]) => {
    const prefix = `${JSON.stringify(key)}: `;
    return inner + prefix + formatJson(item, inner, prefix);
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
}

export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${formatJson(value)}\n`);
}
