import { config } from '../config.js';
import { type Catalogue, loadCatalogue } from './catalogue.js';

let loaded: Catalogue | undefined;

/**
 * The catalogue this process serves, read from `config.catalogueFile` once. The server reads it before anything
 * else at start (index.ts), so a bad file stops the start instead of the first request that needs it.
 */
export function operatorCatalogue(): Catalogue {
  loaded ??= loadCatalogue(config.catalogueFile);
  return loaded;
}
