import { readFile } from 'node:fs/promises';
import type { GraphQLFormattedError } from 'graphql';
import { exitCodeForGraphQLError } from '../api.js';
import type { CommandContext } from '../command-context.js';
import type { CommandSpec } from '../command-line.js';
import { CommandFailure, ExitCode } from '../failures.js';
import { formatJson } from '../output.js';
import { variablesFromFields } from '../request-fields.js';

function describeError(error: GraphQLFormattedError): string {
  return error.path?.length ? `${error.message} (at ${error.path.join('.')})` : error.message;
}

export const apiCommand: CommandSpec<CommandContext> = {
  name: 'api',
  summary: 'Send a GraphQL query or mutation with your token and print the JSON response',
  usage: 'latchkey api DOCUMENT [-f NAME=VALUE...] [-F NAME=VALUE...]',
  description: [
    'Like "gh api graphql": posts DOCUMENT to the API with the token in use and prints the response, errors',
    'included, as JSON on standard output. Variables: -f NAME=VALUE is a string; -F NAME=VALUE makes true,',
    'false, null and integers JSON, reads @FILE from a file and @- from standard input. NAME[KEY]=VALUE fills',
    'an input object, NAME[]=VALUE adds to a list (NAME[] alone is an empty list).',
    'When the response holds errors, they go to standard error too, and the exit code says why: 2 for a',
    'document the server cannot parse or validate, 3 for a refused token, 4 for a missing permission, 5 for a',
    'failing server, 1 otherwise. Names with brackets need quotes in zsh: -f "input[name]=ci".',
    "The token in use is shown as its hint wherever the response holds it; a new token's secret is printed.",
  ].join('\n'),
  arguments: [{ name: 'DOCUMENT', description: "A GraphQL document, such as '{ viewer { email } }'" }],
  options: {
    'raw-field': {
      type: 'string',
      short: 'f',
      placeholder: 'NAME=VALUE',
      multiple: true,
      description: 'A variable whose value is a string; repeat it for more',
    },
    field: {
      type: 'string',
      short: 'F',
      placeholder: 'NAME=VALUE',
      multiple: true,
      description: 'A variable typed from its value: true, false, null, integers, @FILE, @-',
    },
  },
  async run({ arguments: [document = ''], options, tokenApi, terminal }) {
    const fields = options
      .stringsInOrder(['raw-field', 'field'])
      .map(({ name, value }) => ({ typed: name === 'field', text: value }));
    const variables = await variablesFromFields(fields, {
      readFile: (file) => readFile(file, 'utf8'),
      readStandardInput: () => terminal.readInput(),
    });

    const api = await tokenApi();
    const response = await api.send({ query: document, variables });
    terminal.printSecret(api.maskOwnSecret(formatJson(response)));

    const [first, ...more] = response.errors ?? [];
    if (first) {
      const label = more.length === 0 ? 'GraphQL error' : `${more.length + 1} GraphQL errors`;
      throw new CommandFailure(
        `${label}: ${[first, ...more].map(describeError).join('; ')}`,
        exitCodeForGraphQLError(first, ExitCode.refused),
      );
    }
  },
};
