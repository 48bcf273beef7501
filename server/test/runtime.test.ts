import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import rootPackage from '../../package.json' with { type: 'json' };

describe('runtime', () => {
  it('runs on the Node.js that package.json pins', () => {
    expect(process.versions.node).toBe(rootPackage.devDependencies.node);
  });

  it('loads better-sqlite3 built for this Node.js', () => {
    const connection = new Database(':memory:');
    expect(connection.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    connection.close();
  });
});
