import { config } from '../src/config.js';
import { migrateSqlite } from '../src/database/migrate.js';
import { sqliteFileFromUrl } from '../src/database/sqlite-file.js';

const applied = migrateSqlite(sqliteFileFromUrl(config.databaseUrl));
console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
