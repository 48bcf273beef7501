/** The engine this run of the suite tests: its vitest project sets LATCHKEY_TEST_ENGINE (vitest.config.ts). */
export const testEngine: 'sqlite' | 'postgresql' =
  process.env.LATCHKEY_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';

export const engineName = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;
