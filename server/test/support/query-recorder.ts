import { onDirectRead } from '../../src/database/direct-reads.js';
import { db } from '../../src/db.js';

const recorded: string[] = [];
let recording = false;
db.$on('query', (event) => {
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
