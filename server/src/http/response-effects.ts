import { securityHeaders, strictTransportSecurity } from '@latchkey/rules';
import type { Plugin } from 'graphql-yoga';
import { servedOverHttps } from '../auth/cookies.js';

/** What resolvers ask of the HTTP response: cookies (sign-in, sign-out), a status and headers (429). */
export interface ResponseEffects {
  cookies: string[];
  status: number | null;
  headers: [string, string][];
}

/** Applies what resolvers asked of the response (cookies, a 429 status) and our security headers (HSTS over https). */
export function useResponseEffects(): Plugin<{ response: ResponseEffects }> {
  const effectsByRequest = new WeakMap<Request, ResponseEffects>();
  return {
    onContextBuilding({ context }) {
      return ({ context: built }) => {
        effectsByRequest.set(context.request, built.response);
      };
    },
    onResponse({ request, response, setResponse }) {
      const effects = effectsByRequest.get(request);
      for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
      response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      response.headers.set('Cache-Control', 'no-store');
      if (servedOverHttps(request.url)) response.headers.set('Strict-Transport-Security', strictTransportSecurity);
      if (!effects) return;
      for (const cookie of effects.cookies) response.headers.append('Set-Cookie', cookie);
      for (const [name, value] of effects.headers) response.headers.set(name, value);
      if (effects.status) {
        setResponse(new Response(response.body, { status: effects.status, headers: response.headers }));
      }
    },
  };
}
