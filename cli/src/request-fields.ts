import { UsageError } from './failures.js';

export type FieldValue = string | number | boolean | null | FieldValue[] | { [name: string]: FieldValue };

/** One `-f`/`-F` option as typed: `-f` keeps the value as text, `-F` reads its type from it. */
export interface FieldOption {
  typed: boolean;
  text: string;
}

export interface FieldSources {
  readFile(path: string): Promise<string>;
  readStandardInput(): Promise<string>;
}

// `name`, `name[key]`, `name[key][]`: nested objects, and `[]` at the end to add to an array.
const FIELD_NAME = /^([^[\]=]+)((?:\[[^[\]]*\])*)$/;
const INTEGER = /^-?\d+$/;

function optionText({ typed, text }: FieldOption): string {
  return `${typed ? '-F' : '-f'} ${text}`;
}

/** `-F` as gh reads it: true, false, null and integers are JSON; `@file` is the file's text, `@-` standard input. */
async function typedValue(text: string, sources: FieldSources): Promise<FieldValue> {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (!text.startsWith('@')) return text;
  const file = text.slice(1);
  if (file === '-') return sources.readStandardInput();
  try {
    return await sources.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function isObject(value: FieldValue | undefined): value is { [name: string]: FieldValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * GraphQL variables from `-f`/`-F` options, the way `gh api graphql` builds them: `-f name=text`,
 * `-F first=20`, `-f input[name]=ci` for input objects, `-f input[permissions][]=reports:read` repeated
 * for lists, and `-f ids[]` alone for an empty list. A name given twice, or as two different shapes, is
 * a usage error rather than a silent choice.
 */
export async function variablesFromFields(
  fields: readonly FieldOption[],
  sources: FieldSources,
): Promise<Record<string, FieldValue>> {
  const variables: Record<string, FieldValue> = {};
  for (const field of fields) {
    const equals = field.text.indexOf('=');
    const name = equals === -1 ? field.text : field.text.slice(0, equals);
    const match = FIELD_NAME.exec(name);
    const brackets = match?.[2] ? match[2].slice(1, -1).split('][') : [];
    const appends = brackets.at(-1) === '';
    const keys = [match?.[1] ?? '', ...(appends ? brackets.slice(0, -1) : brackets)];
    if (!match || keys.some((key) => key === '')) {
      throw new UsageError(`${optionText(field)}: expected NAME=VALUE, NAME[KEY]=VALUE or NAME[]=VALUE`);
    }
    if (equals === -1 && !appends) throw new UsageError(`${optionText(field)}: expected NAME=VALUE`);
    const text = field.text.slice(equals + 1);

    let parent: { [name: string]: FieldValue } = variables;
    for (const key of keys.slice(0, -1)) {
      const child = parent[key] ?? {};
      if (!isObject(child)) throw new UsageError(`${optionText(field)}: ${key} is already given in another form`);
      parent[key] = child;
      parent = child;
    }
    const last = keys.at(-1) as string;
    const existing = parent[last];
    if (appends) {
      const list = existing ?? [];
      if (!Array.isArray(list)) throw new UsageError(`${optionText(field)}: ${last} is already given in another form`);
      if (equals !== -1) list.push(field.typed ? await typedValue(text, sources) : text);
      parent[last] = list;
    } else {
      if (existing !== undefined) throw new UsageError(`${optionText(field)}: ${last} is given more than once`);
      parent[last] = field.typed ? await typedValue(text, sources) : text;
    }
  }
  return variables;
}
