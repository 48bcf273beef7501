import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../src/config.js';
import { printSortedSchema } from '../src/schema/index.js';

writeFileSync(path.join(repositoryRoot, 'schema/schema.graphql'), printSortedSchema());
