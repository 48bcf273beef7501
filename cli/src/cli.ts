import { type CommandContext, createCommandContext } from './command-context.js';
import { type CommandTable, globalOptions, optionLines, parseCommandLine, topLevelOptions } from './command-line.js';
import { apiCommand } from './commands/api.js';
import { authTokenCommand } from './commands/auth-token.js';
import { completionCommand } from './commands/completion.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { permissionsCommand } from './commands/permissions.js';
import { tokensCreateCommand } from './commands/tokens-create.js';
import { tokensEditCommand } from './commands/tokens-edit.js';
import { tokensDeleteCommand, tokensRestoreCommand, tokensRevokeCommand } from './commands/tokens-lifecycle.js';
import { tokensListCommand } from './commands/tokens-list.js';
import { tokensRotateCommand } from './commands/tokens-rotate.js';
import { tokensShowCommand } from './commands/tokens-show.js';
import { versionCommand } from './commands/version.js';
import { whoamiCommand } from './commands/whoami.js';
import { CommandFailure, ExitCode } from './failures.js';
import type { Terminal } from './terminal.js';
import { cliVersion } from './version.js';

const commandTable: CommandTable<CommandContext> = {
  commands: [
    loginCommand,
    logoutCommand,
    whoamiCommand,
    tokensListCommand,
    tokensShowCommand,
    tokensCreateCommand,
    tokensEditCommand,
    tokensRevokeCommand,
    tokensRestoreCommand,
    tokensRotateCommand,
    tokensDeleteCommand,
    permissionsCommand,
    apiCommand,
    authTokenCommand,
    completionCommand,
    versionCommand,
  ],
  groups: [
    { name: 'tokens', summary: 'List, show, create, edit, revoke, restore, rotate and delete tokens' },
    { name: 'auth', summary: 'The stored login, for scripts' },
  ],
};

function topLevelHelp(): string {
  const { commands } = commandTable;
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'latchkey: manage your Latchkey personal access tokens',
    '',
    'Usage: latchkey <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    ...optionLines({ ...globalOptions, ...topLevelOptions }),
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
    const parsed = parseCommandLine(argv, commandTable, topLevelHelp());
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
      commandTable,
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
