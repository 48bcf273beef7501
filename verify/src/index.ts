export type {
  LatchkeyPrincipal,
  TokenVerification,
  VerifyOptions,
  VerifyRefusal,
  VerifyResult,
} from './principal.js';
export {
  createVerifier,
  type StreamState,
  type Verifier,
  type VerifierEvent,
  type VerifierOptions,
} from './verifier.js';
