import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The TCP ports process `pid` listens on, read from Linux's /proc: every one, whatever opened it. */
export function listeningPorts(pid: number): number[] {
  const listening = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXADDR:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
      const [, localAddress, , state, , , , , , inode] = fields;
      if (state === '0A' && localAddress && inode)
        listening.set(inode, Number.parseInt(localAddress.split(':')[1] ?? '', 16));
    }
  }
  const ports = new Set<number>();
  for (const descriptor of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${descriptor}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    const port = inode === undefined ? undefined : listening.get(inode);
    if (port !== undefined) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}
