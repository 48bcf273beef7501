import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../src/config.js';
import { catalogueJsonSchema } from '../src/permissions/catalogue-json-schema.js';

writeFileSync(path.join(repositoryRoot, 'schema/latchkey.config.schema.json'), catalogueJsonSchema());
