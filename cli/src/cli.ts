import { type CommandContext, createCommandContext } from './command-context.js';
import { type CommandGroup, type CommandSpec, globalOptions, parseCommandLine } from './command-line.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { permissionsCommand } from './commands/permissions.js';
import { tokensCreateCommand } from './commands/tokens-create.js';
import { tokensDeleteCommand, tokensRestoreCommand, tokensRevokeCommand } from './commands/tokens-lifecycle.js';
import { tokensListCommand } from './commands/tokens-list.js';
import { whoamiCommand } from './commands/whoami.js';
import { CommandFailure, ExitCode } from './failures.js';
import type { Terminal } from './terminal.js';
import { cliVersion } from './version.js';

const commands: readonly CommandSpec<CommandContext>[] = [
  loginCommand,
  logoutCommand,
  whoamiCommand,
  tokensListCommand,
  tokensCreateCommand,
  tokensRevokeCommand,
  tokensRestoreCommand,
  tokensDeleteCommand,
  permissionsCommand,
];

const groups: readonly CommandGroup[] = [
  { name: 'tokens', summary: 'List, create, revoke, restore and delete tokens' },
];

function topLevelHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const optionWidth = Math.max(...Object.keys(globalOptions).map((name) => name.length + 8));
  return [
    'latchkey: manage your Latchkey personal access tokens',
    '',
    'Usage: latchkey <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    ...Object.entries(globalOptions).map(([name, spec]) => {
      const label = `--${name}${'placeholder' in spec ? ` ${spec.placeholder}` : ''}`;
      return `  ${label.padEnd(optionWidth)}  ${spec.description}`;
    }),
    `  ${'--version'.padEnd(optionWidth)}  Print the version`,
    '',
    'Environment:',
    '  LATCHKEY_URL         GraphQL endpoint of the Latchkey API',
    '  LATCHKEY_TOKEN       Token to use; a --token flag wins over it, and it wins over the stored login',
    '  LATCHKEY_CONFIG_DIR  Where login stores config.json (else $XDG_CONFIG_HOME/latchkey, ~/.config/latchkey)',
    '',
    'Exit codes:',
    '  0 success             1 refused (not found, invalid transition, validation, name taken, limit)',
    '  2 usage error         3 authentication failed (no token, or the server refused it)',
    '  4 missing permission  5 server unreachable or failing',
    '',
    'Run "latchkey <command> --help" for its options and JSON output; see docs/cli.md in the repository.',
  ].join('\n');
}

/** Runs one command line and returns its exit code; every expected failure becomes one line on stderr. */
export async function runLatchkey(
  argv: readonly string[],
  terminal: Terminal,
  environment: NodeJS.ProcessEnv,
  now = new Date(),
): Promise<ExitCode> {
  try {
    const parsed = parseCommandLine(argv, commands, groups, topLevelHelp());
    if (parsed.kind === 'help') {
      terminal.print(parsed.text);
      return ExitCode.success;
    }
    if (parsed.kind === 'version') {
      terminal.print(cliVersion());
      return ExitCode.success;
    }
    const context = createCommandContext({
      terminal,
      environment,
      options: parsed.options,
      arguments: parsed.arguments,
      now,
    });
    await parsed.command.run(context);
    return ExitCode.success;
  } catch (error) {
    if (error instanceof CommandFailure) {
      terminal.report(`latchkey: ${error.message}`);
      return error.exitCode;
    }
    terminal.report(`latchkey: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.refused;
  }
}
