import { describe, expect, it } from 'vitest';
import { type FieldOption, variablesFromFields } from '../src/request-fields.js';

const files: Record<string, string> = { 'query.graphql': '{ viewer { email } }\n' };
const sources = {
  readFile: async (file: string) => {
    const text = files[file];
    if (text === undefined) throw new Error('ENOENT: no such file');
    return text;
  },
  readStandardInput: async () => 'from standard input',
};

const raw = (text: string): FieldOption => ({ typed: false, text });
const typed = (text: string): FieldOption => ({ typed: true, text });

describe('variables from -f and -F', () => {
  it('keeps -f values as strings, and types -F values as gh does', async () => {
    const variables = await variablesFromFields(
      [
        raw('first=20'),
        raw('flag=true'),
        typed('count=20'),
        typed('negative=-3'),
        typed('on=true'),
        typed('off=false'),
        typed('nothing=null'),
        typed('ratio=1.5'),
        typed('huge=12345678901234567890'),
        raw('equation=a=b'),
        typed('empty='),
      ],
      sources,
    );

    expect(variables).toEqual({
      first: '20',
      flag: 'true',
      count: 20,
      negative: -3,
      on: true,
      off: false,
      nothing: null,
      ratio: '1.5',
      huge: '12345678901234567890',
      equation: 'a=b',
      empty: '',
    });
  });

  it('reads -F @FILE from the file and @- from standard input', async () => {
    expect(await variablesFromFields([typed('document=@query.graphql'), typed('note=@-')], sources)).toEqual({
      document: '{ viewer { email } }\n',
      note: 'from standard input',
    });
    await expect(variablesFromFields([typed('document=@missing.graphql')], sources)).rejects.toThrow(
      'cannot read missing.graphql: ENOENT: no such file',
    );
  });

  it('builds input objects with NAME[KEY] and lists with NAME[]', async () => {
    const variables = await variablesFromFields(
      [
        raw('input[name]=ci'),
        raw('input[permissions][]=reports:read'),
        typed('input[permissions][]=7'),
        raw('input[expiration]=DAYS_30'),
        raw('input[owner][email]=a@example.com'),
        raw('ids[]'),
      ],
      sources,
    );

    expect(variables).toEqual({
      input: {
        name: 'ci',
        permissions: ['reports:read', 7],
        expiration: 'DAYS_30',
        owner: { email: 'a@example.com' },
      },
      ids: [],
    });
  });

  it.each([
    [[raw('first')], '-f first: expected NAME=VALUE'],
    [[raw('=5')], '-f =5: expected NAME=VALUE, NAME[KEY]=VALUE or NAME[]=VALUE'],
    [[raw('a[]b=1')], '-f a[]b=1: expected NAME=VALUE, NAME[KEY]=VALUE or NAME[]=VALUE'],
    [[raw('a[][b]=1')], '-f a[][b]=1: expected NAME=VALUE, NAME[KEY]=VALUE or NAME[]=VALUE'],
    [[raw('a=1'), typed('a=2')], '-F a=2: a is given more than once'],
    [[raw('a=1'), raw('a[b]=2')], '-f a[b]=2: a is already given in another form'],
    [[raw('a[]=1'), raw('a[b]=2')], '-f a[b]=2: a is already given in another form'],
    [[raw('a[b]=1'), raw('a[]=2')], '-f a[]=2: a is already given in another form'],
  ])('refuses %j as a usage error', async (fields, message) => {
    await expect(variablesFromFields(fields, sources)).rejects.toMatchObject({ message, exitCode: 2 });
  });
});
