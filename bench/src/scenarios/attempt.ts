import type { Outcome } from '../results.js';
import type { ServerProcess } from '../servers/server-process.js';

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const LOGGED_LINES = 8;

/**
 * Runs one scenario and turns a failure into data. The reason keeps what the servers logged meanwhile and
 * whether one of them died: a masked GraphQL error ("Unexpected error.") says nothing by itself.
 */
export async function attempt<Result extends object>(
  label: string,
  servers: readonly ServerProcess[],
  work: () => Promise<Result>,
): Promise<Outcome<Result>> {
  console.log(`▶ ${label}`);
  const loggedBefore = servers.map((server) => server.outputMark());
  try {
    return { status: 'measured', ...(await work()) };
  } catch (error) {
    const details = servers.flatMap((server, index) => {
      const exit = server.exitStatus();
      const log = server
        .outputSince(loggedBefore[index] ?? 0)
        .replace(ANSI_COLOUR, '')
        .trim();
      return [
        ...(exit ? [`${server.label} ${exit}.`] : []),
        ...(log ? [`${server.label} logged: ${log.split('\n').slice(0, LOGGED_LINES).join(' ⏎ ')}`] : []),
      ];
    });
    const reason = [error instanceof Error ? error.message : String(error), ...details].join(' ');
    console.error(`✖ ${label}: ${reason}`);
    return { status: 'failed', reason };
  }
}
