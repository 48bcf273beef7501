import type { CodegenConfig } from '@graphql-codegen/cli';

// Reads the committed SDL, never server code: the clients are typed against the published contract.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    // Which types implement each interface and union (`... on Error`): Apollo Client's `possibleTypes`.
    'schema/possible-types.json': { plugins: ['fragment-matcher'], config: { apolloClientVersion: 3 } },
    'client/src/lib/graphql/': {
      documents: ['client/src/**/*.{svelte,ts}', '!client/src/lib/graphql/**'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
    'cli/src/graphql/': {
      documents: ['cli/src/**/*.ts', '!cli/src/graphql/**'],
      preset: 'client',
      // The CLI is plain Node ESM, whose relative imports need their .js extension.
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
