import { randomBytes } from 'node:crypto';
import { type GraphiQLOptions, type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

const DEFAULT_QUERY = `# Signed in to Latchkey here? This runs as you.
# Or paste a token under Headers below:
# {"Authorization": "Bearer lkpat_…"}
{
  viewer {
    id
    email
  }
}
`;

const graphiqlOptions: GraphiQLOptions = {
  title: 'Latchkey GraphiQL',
  defaultQuery: DEFAULT_QUERY,
  // The session cookie goes along to this origin; a pasted token stays out of localStorage.
  credentials: 'same-origin',
  shouldPersistHeaders: false,
};

/**
 * What the page may load: its own inline script (by this response's nonce, nothing else runs), the editor's workers
 * (which that script creates from blob: URLs), requests to this origin, and its inlined icons and fonts. Styles
 * must be inline: the Monaco editor inside GraphiQL adds `<style>` elements and `style` attributes as it draws,
 * and cannot give them a nonce (microsoft/monaco-editor#271). With nothing else loadable, a style cannot send
 * anything anywhere.
 */
export function graphiqlContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    'worker-src blob:',
    "connect-src 'self'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

type PageParts = readonly [beforeNonce: string, afterNonce: string];

/**
 * Yoga's GraphiQL page with its script, styles and editor workers inlined (`@graphql-yoga/render-graphiql`), so it
 * works without reaching a CDN; split where each response's nonce goes. Its template has one inline script, after
 * the inline stylesheet (which holds no tags); the bundle inside it mentions `<script>` in strings, later on.
 */
async function renderPage(endpoint: string): Promise<PageParts> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const page = renderGraphiQL({ ...graphiqlOptions, endpoint });
  const script = page.indexOf('<script>') + '<script'.length;
  if (script < '<script'.length) throw new Error('The GraphiQL page has no inline <script> to give a nonce');
  return [page.slice(0, script), page.slice(script)];
}

/**
 * GraphiQL for browsers that open the API's path (a GET that accepts text/html, Yoga's own rule). Served before the
 * session checks: the page reads no session, and a link to it from another site must open it. It is imported and
 * rendered on the first visit only (about 9 MB), so a replica nobody browses never holds it.
 */
export function useGraphiQLPage(endpoint: string): Plugin {
  let page: Promise<PageParts> | undefined;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!shouldRenderGraphiQL(request) || (url.pathname !== endpoint && url.pathname !== `${endpoint}/`)) return;
      page ??= renderPage(endpoint).catch((error: unknown) => {
        page = undefined;
        throw error;
      });
      return page.then(([beforeNonce, afterNonce]) => {
        const nonce = randomBytes(16).toString('base64');
        endResponse(
          new fetchAPI.Response(`${beforeNonce} nonce="${nonce}"${afterNonce}`, {
            // As pairs: Yoga's Headers keeps a plain object's own spelling beside what later hooks set (sent twice).
            headers: [
              ['Content-Type', 'text/html; charset=utf-8'],
              ['Content-Security-Policy', graphiqlContentSecurityPolicy(nonce)],
            ],
          }),
        );
      });
    },
  };
}
