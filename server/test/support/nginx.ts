import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
    socket.on('error', () => resolve(false));
  });
}

export interface RunningNginx {
  process: ChildProcess;
  output: () => string;
  stop: () => void;
}

/**
 * Debian's nginx in the foreground with `http` as the inside of its `http {}` block (server blocks, maps), its
 * files in a temporary directory; ready once `readyPort` accepts connections.
 */
export async function startNginx(http: string, readyPort: number): Promise<RunningNginx> {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-nginx-'));
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(directory, temp));
  writeFileSync(
    path.join(directory, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${directory}/nginx.pid;
error_log stderr;
events {}
http {
  access_log off;
  client_body_temp_path ${directory}/client_body;
  proxy_temp_path ${directory}/proxy;
  fastcgi_temp_path ${directory}/fastcgi;
  uwsgi_temp_path ${directory}/uwsgi;
  scgi_temp_path ${directory}/scgi;
${http}
}
`,
  );
  const child = spawn('nginx', ['-e', 'stderr', '-p', directory, '-c', path.join(directory, 'nginx.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nginx exited with ${code}:\n${output}`))),
  );
  const ready = (async () => {
    while (!(await acceptsConnections(readyPort))) await new Promise((resolve) => setTimeout(resolve, 20));
  })();
  await Promise.race([ready, exited]);
  return { process: child, output: () => output, stop: () => child.kill('SIGTERM') };
}
