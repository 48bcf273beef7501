import { z } from 'zod';
import { catalogueFileSchema } from './catalogue-file.js';

/** The committed JSON Schema of the catalogue file (schema/latchkey.config.schema.json), for editors. */
export function catalogueJsonSchema(): string {
  const schema = z.toJSONSchema(catalogueFileSchema, { io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'Latchkey catalogue of services and permissions' }, null, 2)}\n`;
}
