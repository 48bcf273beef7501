import { config } from '../src/config.js';
import { migrateDatabase } from '../src/database/migrations.js';

const applied = await migrateDatabase(config.databaseUrl);
console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
