import { generate } from '@graphql-codegen/cli';
import { cliCodegenConfig } from './codegen-config.js';

await generate(await cliCodegenConfig(), true);
