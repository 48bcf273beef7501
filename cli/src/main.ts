import { runLatchkey } from './cli.js';
import { processTerminal } from './terminal.js';

// `latchkey tokens list | head -1` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runLatchkey(process.argv.slice(2), processTerminal(), process.env);
