import { createInterface } from 'node:readline';
import { InterruptedError } from './failures.js';
import { maskSecrets, terminalSafe, terminalSafeLines } from './output.js';

/**
 * Where commands read and write. Everything printed passes through `maskSecrets`, except `printSecret`,
 * and everything shown loses escape sequences, controls and bidi controls: a name from a malicious server
 * must not retitle, clear or colour the terminal. Text keeps its own line breaks; `--json` is escaped by
 * `formatJson` beforehand, so it passes unchanged.
 */
export interface Terminal {
  /** A line of the command's result, on standard output. */
  print(text: string): void;
  /**
   * The one place a secret may be printed, when printing it is the point: the secret of a token this very
   * command created, the stored token `auth token` was asked for, and what `api` was asked to fetch.
   */
  printSecret(text: string): void;
  /** A line for the person (progress, warnings, errors), on standard error. */
  report(text: string): void;
  readonly inputIsInteractive: boolean;
  /** Reads one line: without echo from a terminal (after showing the prompt), or the first line of a pipe. */
  readSecretLine(prompt: string): Promise<string>;
  /** Asks a yes/no question on the terminal; anything but yes is no. */
  confirm(question: string): Promise<boolean>;
  /** All of standard input, for a value given as `@-`. */
  readInput(): Promise<string>;
}

const CONTROL_C = '\u0003';
const CONTROL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);

function readHiddenLine(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = () => {
      input.off('data', handleData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const handleData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === CONTROL_D) {
          finish();
          resolve(line);
          return;
        }
        if (character === CONTROL_C) {
          finish();
          reject(new InterruptedError());
          return;
        }
        if (BACKSPACES.has(character)) line = line.slice(0, -1);
        else if (character >= ' ') line += character;
      }
    };
    // Raw mode before the prompt: nothing typed after the prompt can be echoed.
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', handleData);
    input.resume();
    output.write(prompt);
  });
}

function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    let first: string | undefined;
    lines.once('line', (line) => {
      first = line;
      lines.close();
    });
    lines.once('close', () => {
      input.pause();
      resolve(first ?? '');
    });
  });
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += chunk;
  return text;
}

function ask(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, output, terminal: true });
    lines.once('SIGINT', () => {
      lines.close();
      output.write('\n');
      reject(new InterruptedError());
    });
    lines.question(question, (answer) => {
      lines.close();
      resolve(answer);
    });
  });
}

export function processTerminal(): Terminal {
  const { stdin, stdout, stderr } = process;
  return {
    print: (text) => stdout.write(`${terminalSafeLines(maskSecrets(text))}\n`),
    printSecret: (text) => stdout.write(`${terminalSafeLines(text)}\n`),
    report: (text) => stderr.write(`${terminalSafeLines(maskSecrets(text))}\n`),
    inputIsInteractive: stdin.isTTY === true,
    readSecretLine: (prompt) =>
      stdin.isTTY ? readHiddenLine(stdin, stderr, terminalSafe(prompt)) : readFirstLine(stdin),
    confirm: async (question) => /^y(es)?$/i.test((await ask(stdin, stderr, terminalSafe(question))).trim()),
    readInput: () => readAll(stdin),
  };
}
