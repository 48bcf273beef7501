import { onDirectRead } from '../../src/database/direct-reads.js';
import { db } from '../../src/db.js';

const recorded: string[] = [];
let recording = false;
// db is typed without its log options; the client does emit query events (see src/db.ts).
(db as unknown as { $on(event: 'query', listener: (event: { query: string }) => void): void }).$on('query', (event) => {
  if (recording) recorded.push(event.query);
});
onDirectRead((sql) => {
  if (recording) recorded.push(`direct: ${sql}`);
});

/** Runs `body` and returns the SQL statements sent meanwhile: Prisma's, and direct reads prefixed `direct: `. */
export async function recordQueries(body: () => Promise<unknown>): Promise<string[]> {
  recorded.length = 0;
  recording = true;
  try {
    await body();
    return [...recorded];
  } finally {
    recording = false;
  }
}
