import type { VerifierEvent } from '../../src/index.js';

/** Records a verifier's events and lets a test wait for the n-th of a type. */
export function verifierEvents() {
  const seen: VerifierEvent[] = [];
  let wake: () => void = () => undefined;
  let changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const count = (type: VerifierEvent['type']) => seen.filter((event) => event.type === type).length;
  return {
    seen,
    count,
    onEvent(event: VerifierEvent) {
      seen.push(event);
      const woken = wake;
      changed = new Promise<void>((resolve) => {
        wake = resolve;
      });
      woken();
    },
    async until(type: VerifierEvent['type'], times = 1): Promise<void> {
      while (count(type) < times) await changed;
    },
  };
}
