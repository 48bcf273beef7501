import os from 'node:os';
import type { Machine } from '../results.js';

const round2 = (value: number) => Math.round(value * 100) / 100;

export function describeMachine(loadAverageAtStart: number[]): Machine {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: round2(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: loadAverageAtStart.map(round2),
    loadAverageAtEnd: os.loadavg().map(round2),
  };
}
