export interface VerificationCost {
  verifications: number;
  cpuMicrosPerVerification: number;
  wallMicrosPerVerification: number;
}

/**
 * CPU (`process.cpuUsage()`, all threads) and wall time per call of `verifyOne`, called `verifications` times one
 * after the other; a call whose answer `accepted` rejects (by default, a falsy one) is a refusal of a valid token
 * and throws.
 */
export async function measureVerificationCost<Answer>(
  verifications: number,
  verifyOne: (index: number) => Promise<Answer>,
  accepted: (answer: Answer) => boolean = Boolean,
): Promise<VerificationCost> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let index = 0; index < verifications; index++) {
    if (!accepted(await verifyOne(index))) throw new Error(`verification ${index} refused a valid token`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    verifications,
    cpuMicrosPerVerification: (cpu.user + cpu.system) / verifications,
    wallMicrosPerVerification: ((performance.now() - wallBefore) * 1000) / verifications,
  };
}

/** The cost of several measurements taken as one: averaged over all their verifications. */
export function combinedVerificationCost(costs: readonly VerificationCost[]): VerificationCost {
  const verifications = costs.reduce((sum, cost) => sum + cost.verifications, 0);
  const averaged = (perVerification: (cost: VerificationCost) => number) =>
    costs.reduce((sum, cost) => sum + perVerification(cost) * cost.verifications, 0) / verifications;
  return {
    verifications,
    cpuMicrosPerVerification: averaged((cost) => cost.cpuMicrosPerVerification),
    wallMicrosPerVerification: averaged((cost) => cost.wallMicrosPerVerification),
  };
}
