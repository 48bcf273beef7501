import { securityHeaders } from '@latchkey/rules';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../src/logging/logger.js';
import { createTestApp } from './support/app.js';

afterEach(() => {
  setLogSink(null);
  vi.restoreAllMocks();
});

const failure = 'hook failed at /work/private/path.ts with lkpat_0123456789abcdefghijABCDEFGHIJ0123456789';

/** Every hook of every plugin the server is assembled from, as [plugin index, hook name]. */
function everyHook(): [number, string][] {
  const hooks: [number, string][] = [];
  setLogSink(() => {});
  createTestApp({
    replacePlugins: (plugins) => {
      for (const [index, plugin] of plugins.entries()) {
        for (const [name, value] of Object.entries(plugin)) if (typeof value === 'function') hooks.push([index, name]);
      }
      return plugins;
    },
  });
  return hooks;
}

describe('an error thrown in any plugin hook', () => {
  const hooks = everyHook();

  it('covers the request log, which is only assembled when logging is on', () => {
    expect(hooks.map(([, name]) => name)).toEqual(
      expect.arrayContaining(['onRequest', 'onRequestParse', 'onParams', 'onExecute', 'onResponse', 'onResultProcess']),
    );
    expect(hooks.filter(([, name]) => name === 'onResponse').length).toBeGreaterThanOrEqual(2);
  });

  it.each(hooks)('is answered with a masked JSON error and logged (plugin %i, %s)', async (index, hook) => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const app = createTestApp({
      replacePlugins: (plugins) =>
        plugins.map((plugin, at) =>
          at === index
            ? {
                ...plugin,
                [hook]: () => {
                  throw new Error(failure);
                },
              }
            : plugin,
        ),
    });

    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    for (const [name, value] of Object.entries(securityHeaders)) expect(response.headers.get(name)).toBe(value);
    const log = lines.map((line) => JSON.parse(line));
    expect(log).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'unexpected_error',
        err: expect.objectContaining({ message: expect.stringContaining('hook failed'), stack: expect.any(String) }),
      }),
    );
    expect(lines.join('\n')).not.toContain('lkpat_0123456789');
    // Only through our JSON logger: no coloured stack trace printed beside it.
    for (const print of printed) expect(print).not.toHaveBeenCalled();
  });
});
