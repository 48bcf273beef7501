import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the output has `times` matches of `pattern`; rejects if the process exits first. */
  untilOutput: (pattern: RegExp, times?: number) => Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no shutdown of any kind, as when a machine fails. */
  kill: () => Promise<void>;
}

/** A Node program as its own process (`node ...nodeArguments`), its output collected. */
export function startNode(nodeArguments: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const command = nodeArguments.join(' ');
  const child = spawn(process.execPath, nodeArguments, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  const running: RunningProcess = {
    child,
    output: () => output,
    untilOutput: (pattern, times = 1) =>
      new Promise((resolve, reject) => {
        const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
        const check = () => {
          if ([...output.matchAll(global)].length >= times) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          listeners.delete(check);
          reject(new Error(`node ${command} exited before printing ${pattern}:\n${output}`));
        });
      }),
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
  return running;
}

/** Runs a program to its end; its standard output, or an error with everything it printed. */
export function runNode(nodeArguments: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const running = startNode(nodeArguments, options);
  return new Promise<string>((resolve, reject) => {
    running.child.once('exit', (code) => {
      if (code === 0) resolve(running.output());
      else reject(new Error(`node ${nodeArguments.join(' ')} exited with ${code}:\n${running.output()}`));
    });
  });
}
