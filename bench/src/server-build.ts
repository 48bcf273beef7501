import { pathToFileURL } from 'node:url';
import { serverBuildModule } from './paths.js';

/**
 * The server modules the bench calls directly, loaded from the production build at run time. Declared here
 * rather than imported from server/src so the bench type-checks without the server's generated Prisma client.
 */
export interface TokenFormatModule {
  generateTokenSecret(): string;
  tokenDigest(secret: string): string;
  tokenHint(secret: string): string;
  secretFormat(prefix: string): { generate(): string; hint(secret: string): string };
}

export interface IdsModule {
  newId(): string;
}

export interface VerifiedToken {
  id: string;
}

/** What `verify` answers when a token's rate limit or quota refuses the use (issue 16). */
export interface UsageLimited {
  limit: 'rate' | 'quota';
  retryAfterSeconds: number;
}

export interface TokenVerificationModule {
  tokenVerifier: {
    verify(secret: string, now: Date, clientIp: string | null): Promise<VerifiedToken | UsageLimited | null>;
    clear(): void;
  };
}

export interface LastUseModule {
  lastUseRecorder: { flush(): Promise<void> };
}

export interface DbModule {
  prepareDatabaseConnection?: () => Promise<void>;
  db: { $disconnect(): Promise<void> };
}

export function importServerModule<Module>(relativePath: string): Promise<Module> {
  return import(pathToFileURL(serverBuildModule(relativePath)).href) as Promise<Module>;
}
