import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './support/app.js';

const browserHeaders = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'sec-fetch-site': 'none',
  'sec-fetch-mode': 'navigate',
};

function directivesOf(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/**
 * The opening tags of the page's scripts and stylesheets, as an HTML parser finds them: the text inside one (the
 * inlined bundle mentions `<script>` in its strings) is skipped up to its closing tag.
 */
function scriptAndStyleTags(html: string): string[] {
  const tags: string[] = [];
  const opening = /<(script|style)\b[^>]*>/gi;
  for (let match = opening.exec(html); match; match = opening.exec(html)) {
    tags.push(match[0]);
    const closing = html.toLowerCase().indexOf(`</${match[1]?.toLowerCase()}`, opening.lastIndex);
    opening.lastIndex = closing === -1 ? html.length : closing;
  }
  return tags;
}

const nonceOf = (policy: string, directive: string) =>
  directivesOf(policy)
    [directive]?.map((source) => /^'nonce-(.+)'$/.exec(source)?.[1])
    .find(Boolean);

describe('GraphiQL', () => {
  it('is served to a browser opening the API, with a policy that runs only the scripts carrying its nonce', async () => {
    const app = createTestApp({ graphiql: true });
    const response = await app.yoga.fetch('http://localhost/graphql', { headers: browserHeaders });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<title>Latchkey GraphiQL</title>');
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = nonceOf(policy, 'script-src');
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(directivesOf(policy)).toEqual({
      'default-src': ["'none'"],
      'script-src': [`'nonce-${nonce}'`],
      // Monaco adds <style> elements and style attributes as it draws, without a nonce.
      'style-src': ["'unsafe-inline'"],
      'worker-src': ['blob:'],
      'connect-src': ["'self'"],
      'img-src': ['data:'],
      'font-src': ['data:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    const tags = scriptAndStyleTags(html);
    expect(tags).toEqual(['<style>', `<script nonce="${nonce}">`]);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('needs nothing from another host: no CDN, no external script, stylesheet or font', async () => {
    const app = createTestApp({ graphiql: true });
    const html = await (await app.yoga.fetch('http://localhost/graphql', { headers: browserHeaders })).text();
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
    expect(html).not.toContain('unpkg.com');
  });

  it('sends its policy once over HTTP, not beside the policy of API responses', async () => {
    const app = createTestApp({ graphiql: true });
    const server = createServer(app.yoga);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: browserHeaders });
      const policy = response.headers.get('content-security-policy') ?? '';
      await response.arrayBuffer();
      expect(policy).toMatch(/^default-src 'none'; script-src 'nonce-[^']+';/);
      expect(policy).not.toContain(',');
    } finally {
      server.close();
    }
  });

  it('gets a new nonce with every response', async () => {
    const app = createTestApp({ graphiql: true });
    const policies = [];
    for (let visit = 0; visit < 2; visit++) {
      const response = await app.yoga.fetch('http://localhost/graphql', { headers: browserHeaders });
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(scriptAndStyleTags(await response.text())).toContain(`<script nonce="${nonceOf(policy, 'script-src')}">`);
      policies.push(policy);
    }
    expect(policies[0]).not.toBe(policies[1]);
  });

  it('opens from a link on another site even with a session cookie: the page reads no session', async () => {
    const app = createTestApp({ graphiql: true });
    const person = await app.signUp();
    const response = await app.yoga.fetch('http://localhost/graphql', {
      headers: { ...browserHeaders, 'sec-fetch-site': 'cross-site', cookie: person.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).not.toContain(person.email);
  });

  it('is not served with LATCHKEY_GRAPHIQL=false', async () => {
    const app = createTestApp({ graphiql: false });
    const response = await app.yoga.fetch('http://localhost/graphql', { headers: browserHeaders });
    expect(response.headers.get('content-type')).not.toContain('text/html');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await response.text()).not.toContain('GraphiQL');
  });

  it('leaves JSON requests as they were, with the policy that allows nothing', async () => {
    const app = createTestApp({ graphiql: true });
    const query = encodeURIComponent('{ __typename }');
    const get = await app.yoga.fetch(`http://localhost/graphql?query=${query}`, {
      headers: { accept: 'application/graphql-response+json, application/json' },
    });
    const post = await app.request('{ __typename }');
    for (const response of [get, post]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('json');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect(post.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('can load the schema within the document limits (its introspection query)', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const app = createTestApp({ graphiql: true });
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true });
    const response = await app.request(query);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.queryType.name).toBe('Query');
  });

  it('is on unless LATCHKEY_GRAPHIQL=false, and that variable takes only true or false', async () => {
    const { parseConfiguration } = await import('../src/config.js');
    expect(parseConfiguration({}).LATCHKEY_GRAPHIQL).toBe(true);
    expect(parseConfiguration({ LATCHKEY_GRAPHIQL: 'false' }).LATCHKEY_GRAPHIQL).toBe(false);
    expect(() => parseConfiguration({ LATCHKEY_GRAPHIQL: 'off' })).toThrow(
      'Invalid LATCHKEY_GRAPHIQL "off": not accepted; expected "true" or "false".',
    );
  });
});
