export interface VerificationCost {
  verifications: number;
  cpuMicrosPerVerification: number;
  wallMicrosPerVerification: number;
}

/**
 * CPU (`process.cpuUsage()`, all threads) and wall time per call of `verifyOne`, called `verifications` times one
 * after the other; a call that resolves falsy is a refusal of a valid token and throws.
 */
export async function measureVerificationCost(
  verifications: number,
  verifyOne: (index: number) => Promise<unknown>,
): Promise<VerificationCost> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (let index = 0; index < verifications; index++) {
    if (!(await verifyOne(index))) throw new Error(`verification ${index} refused a valid token`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    verifications,
    cpuMicrosPerVerification: (cpu.user + cpu.system) / verifications,
    wallMicrosPerVerification: ((performance.now() - wallBefore) * 1000) / verifications,
  };
}
