export type {
  LatchkeyPrincipal,
  TokenVerification,
  VerifyOptions,
  VerifyRefusal,
  VerifyRefused,
  VerifyResult,
} from './principal.js';
export {
  createVerifier,
  type StreamState,
  type Verifier,
  type VerifierEvent,
  type VerifierOptions,
} from './verifier.js';
