import { setTimeout as sleep, setImmediate as yieldToIo } from 'node:timers/promises';
import { latencySummary } from '../load/measurement.js';
import type { RefusalDelays } from '../results.js';
import type { Scale } from '../scale.js';

/** One credential to take away, and how to ask whether it is still accepted. */
export interface RefusalSample {
  /** One check: true while the credential is accepted, false once it is refused; any other answer throws. */
  accepted(): Promise<boolean>;
  /** Deletes or revokes the credential through the product's own API, resolving with its response. */
  remove(): Promise<void>;
}

/** Checks in a tight loop, one at a time, until the first refusal; returns when it came. */
async function firstRefusal(sample: RefusalSample, deadline: number, abort: AbortSignal): Promise<number | undefined> {
  while (performance.now() < deadline && !abort.aborted) {
    if (!(await sample.accepted())) return performance.now();
    // An in-process check may never leave the microtask queue: let the network (the revocation stream) in.
    await yieldToIo();
  }
  return undefined;
}

/**
 * For each sample: the credential must be accepted first (else the set-up is wrong and this throws), then it is
 * checked in a tight loop while it is removed; the delay runs from the removal's response to the first refusal
 * (0 when the refusal came first). A sample still accepted at its timeout counts as the timeout (a lower bound).
 * Samples stop early when `scale.propagation.budgetMs` runs out.
 */
export async function measureRefusalDelays(
  scale: Scale,
  label: string,
  samples: readonly RefusalSample[],
): Promise<RefusalDelays> {
  const delaysMs: number[] = [];
  const removalMs: number[] = [];
  let timedOut = 0;
  const budgetEnd = performance.now() + scale.propagation.budgetMs;
  for (const sample of samples.slice(0, scale.propagation.samples)) {
    if (performance.now() >= budgetEnd) break;
    if (!(await sample.accepted())) throw new Error(`${label}: refused a credential before it was removed`);
    const deadline = Math.min(budgetEnd, performance.now() + scale.propagation.sampleTimeoutMs);
    const stopChecking = new AbortController();
    const refusal = firstRefusal(sample, deadline, stopChecking.signal);
    let removalStartedAt: number;
    try {
      // A random offset, so that the removal does not always land at the same point of a check.
      await sleep(Math.random() * 5);
      removalStartedAt = performance.now();
      await sample.remove();
    } catch (error) {
      stopChecking.abort();
      await refusal.catch(() => undefined);
      throw error;
    }
    const removedAt = performance.now();
    removalMs.push(removedAt - removalStartedAt);
    const refusedAt = await refusal;
    if (refusedAt === undefined) {
      timedOut++;
      delaysMs.push(deadline - removedAt);
    } else {
      delaysMs.push(Math.max(0, refusedAt - removedAt));
    }
  }
  if (delaysMs.length === 0) throw new Error(`${label}: no sample was taken`);
  return { samples: delaysMs.length, timedOut, ...latencySummary(delaysMs), removal: latencySummary(removalMs) };
}
