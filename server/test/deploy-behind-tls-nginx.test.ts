import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sessionCookieNames, strictTransportSecurity } from '@latchkey/rules';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { testEngine } from './support/database.js';
import { freePort, type RunningNginx, startNginx } from './support/nginx.js';

// docs/deploy.md's recipe as committed: the nginx server blocks, the systemd unit and its environment file. Only
// names, ports and paths are changed below; every change must find its text, so the documents cannot drift.
const examples = path.join(repositoryRoot, 'docs/examples');
const nginxConfig = readFileSync(path.join(examples, 'nginx-tls.conf'), 'utf8');
const unitFile = readFileSync(path.join(examples, 'latchkey.service'), 'utf8');
const environmentFile = readFileSync(path.join(examples, 'latchkey.env'), 'utf8');

function substitute(text: string, replacements: [string, string][]): string {
  let result = text;
  for (const [from, to] of replacements) {
    if (!result.includes(from)) throw new Error(`The documented file no longer contains ${JSON.stringify(from)}`);
    result = result.replaceAll(from, to);
  }
  return result;
}

/** The unit as systemd reads it: sections of keys, each with every value it was given. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const assignment = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!assignment?.[1] || assignment[2] === undefined || !current)
      throw new Error(`latchkey.service line ${index + 1} is not a key=value in a section: ${raw}`);
    current.set(assignment[1], [...(current.get(assignment[1]) ?? []), assignment[2]]);
  }
  return sections;
}

function parseEnvironmentFile(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const assignment = /^([A-Z_]+)=(.*)$/.exec(line);
    if (assignment?.[1] && assignment[2] !== undefined) variables[assignment[1]] = assignment[2];
  }
  return variables;
}

const unit = parseUnit(unitFile);
const service = unit.get('Service') ?? new Map<string, string[]>();
const single = (key: string) => {
  const values = service.get(key) ?? [];
  expect(values, `[Service] ${key}`).toHaveLength(1);
  return values[0] as string;
};
const documentedEnvironment = parseEnvironmentFile(environmentFile);

// Checked once, in the SQLite project: the engine changes nothing here.
describe.skipIf(testEngine === 'postgresql')('the systemd unit in docs/examples/latchkey.service', () => {
  it('runs the built server with the node flags of `npm start`, as its own user, with the environment file', () => {
    const startScript = JSON.parse(readFileSync(path.join(repositoryRoot, 'server/package.json'), 'utf8')).scripts
      .start as string;
    expect(startScript).toMatch(/^node (.*) dist\/index\.js$/);
    const nodeFlags = startScript.replace(/^node /, '').replace(/ dist\/index\.js$/, '');
    expect(single('ExecStart')).toBe(
      `/opt/latchkey/node_modules/.bin/node ${nodeFlags} /opt/latchkey/server/dist/index.js`,
    );
    expect(single('WorkingDirectory')).toBe('/opt/latchkey/server');
    expect(single('User')).toBe('latchkey');
    expect(single('EnvironmentFile')).toBe('/etc/latchkey/latchkey.env');
  });

  it('restarts on failure but not after a configuration error, and stops with SIGTERM after the shutdown bound', () => {
    expect(single('Restart')).toBe('on-failure');
    expect(single('RestartPreventExitStatus')).toBe('78');
    expect(single('KillSignal')).toBe('SIGTERM');
    const shutdownSeconds = Number(documentedEnvironment.LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS ?? 10);
    expect(Number(single('TimeoutStopSec'))).toBeGreaterThan(shutdownSeconds);
  });

  it('is hardened, and may write only where the SQLite database lives', () => {
    expect(single('NoNewPrivileges')).toBe('yes');
    expect(single('ProtectSystem')).toBe('strict');
    const databaseFile = (documentedEnvironment.DATABASE_URL ?? '').replace(/^file:/, '');
    expect(single('ReadWritePaths')).toBe(path.dirname(databaseFile));
    expect(single('StateDirectory')).toBe(path.basename(path.dirname(databaseFile)));
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  // systemd-analyze comes with Debian's systemd package; .ci/run does not install it, so a machine may lack it.
  const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!systemdAnalyze)('passes `systemd-analyze verify` without a warning, installed at this checkout', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-unit-'));
    const installed = path.join(directory, 'latchkey.service');
    writeFileSync(installed, substitute(unitFile, [['/opt/latchkey', repositoryRoot]]));
    const verified = spawnSync('systemd-analyze', ['verify', installed], { encoding: 'utf8' });
    rmSync(directory, { recursive: true, force: true });
    expect(`${verified.stdout}${verified.stderr}`).toBe('');
    expect(verified.status).toBe(0);
  });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

// One Latchkey process on its own SQLite file; the PostgreSQL project would prove nothing new about nginx.
describe.skipIf(testEngine === 'postgresql')('Latchkey from server/dist behind the documented TLS nginx', () => {
  let directory: string;
  let certificate: string;
  let latchkey: ChildProcess;
  let latchkeyOutput = '';
  let nginx: RunningNginx;
  let httpPort: number;
  let httpsPort: number;
  let databaseUrl: string;
  let publicUrl: string;

  beforeAll(async () => {
    for (const built of ['server/dist/index.js', 'client/build/handler.js']) {
      if (!existsSync(path.join(repositoryRoot, built)))
        throw new Error(`${built} is missing: this test runs the built server and UI (\`npm run build\`).`);
    }
    directory = mkdtempSync(path.join(tmpdir(), 'latchkey-deploy-'));
    certificate = path.join(directory, 'certificate.pem');
    const key = path.join(directory, 'key.pem');
    // A throwaway self-signed certificate for localhost, valid for a day.
    const subject = '-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1';
    execFileSync('openssl', [
      ...`req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 ${subject}`.split(' '),
      ...['-keyout', key, '-out', certificate],
    ]);

    const latchkeyPort = await freePort();
    httpPort = await freePort();
    httpsPort = await freePort();
    publicUrl = `https://localhost:${httpsPort}`;
    databaseUrl = `file:${path.join(directory, 'latchkey.db')}`;

    // The unit's ExecStart at this checkout, with the environment file's variables, as systemd would run it.
    const [executable, ...args] = substitute(single('ExecStart'), [['/opt/latchkey', repositoryRoot]]).split(' ');
    latchkey = spawn(executable as string, args, {
      cwd: substitute(single('WorkingDirectory'), [['/opt/latchkey', repositoryRoot]]),
      env: {
        ...process.env,
        ...documentedEnvironment,
        PORT: String(latchkeyPort),
        LATCHKEY_PUBLIC_URL: publicUrl,
        DATABASE_URL: databaseUrl,
        LATCHKEY_CONFIG: process.env.LATCHKEY_CONFIG ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      latchkeyOutput += chunk.toString();
    };
    latchkey.stdout?.on('data', collect);
    latchkey.stderr?.on('data', collect);
    expect(documentedEnvironment.LATCHKEY_TRUST_PROXY).toBe('1');
    expect(documentedEnvironment.LATCHKEY_PUBLIC_URL).toMatch(/^https:\/\//);

    nginx = await startNginx(
      substitute(nginxConfig, [
        ['/etc/letsencrypt/live/tokens.example.com/fullchain.pem', certificate],
        ['/etc/letsencrypt/live/tokens.example.com/privkey.pem', key],
        ['https://tokens.example.com$request_uri', `${publicUrl}$request_uri`],
        ['server_name tokens.example.com;', 'server_name localhost;'],
        ['listen 80;', `listen 127.0.0.1:${httpPort};`],
        ['listen [::]:80;', `listen [::1]:${httpPort};`],
        ['listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`],
        ['listen [::]:443 ssl;', `listen [::1]:${httpsPort} ssl;`],
        ['server 127.0.0.1:4000;', `server 127.0.0.1:${latchkeyPort};`],
      ]),
      httpsPort,
    );
    // Ready as a load balancer would see it: /readyz through the proxy.
    await vi.waitFor(
      async () => {
        if (latchkey.exitCode !== null) throw new Error(`Latchkey exited:\n${latchkeyOutput}`);
        expect((await send('GET', '/readyz')).status).toBe(200);
      },
      { timeout: 30_000, interval: 100 },
    );
  }, 90_000);

  afterAll(async () => {
    nginx?.stop();
    if (latchkey && latchkey.exitCode === null) {
      const exited = new Promise((resolve) => latchkey.once('exit', resolve));
      latchkey.kill('SIGTERM');
      await exited;
    }
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  /** An HTTPS request to nginx that trusts only the throwaway certificate, from `localAddress` (any 127.x). */
  function send(
    method: string,
    target: string,
    options: { body?: string; headers?: Record<string, string>; localAddress?: string } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: httpsPort,
          path: target,
          method,
          ca: readFileSync(certificate),
          localAddress: options.localAddress ?? '127.0.0.1',
          headers: { host: `localhost:${httpsPort}`, ...options.headers },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(options.body);
    });
  }

  async function graphql(
    query: string,
    variables: Record<string, unknown> = {},
    options: { headers?: Record<string, string>; localAddress?: string } = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  ): Promise<{ answer: Answer; body: any }> {
    const answer = await send('POST', '/graphql', {
      ...options,
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...options.headers },
    });
    return { answer, body: JSON.parse(answer.body) };
  }

  const signUp = 'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }';
  const signIn = 'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }';
  const generateToken = `mutation ($input: GenerateTokenInput!) {
    generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret token { id } } }
  }`;
  const cookieName = sessionCookieNames.https;

  async function signedUpSession(localAddress = '127.0.0.1') {
    const input = { email: `deployed-${Math.random().toString(36).slice(2)}@example.com`, password: 'correct horse' };
    const { answer, body } = await graphql(signUp, { input }, { localAddress });
    expect(body.data.signUp.__typename, answer.body).toBe('SignUpSuccess');
    const setCookie = answer.headers['set-cookie']?.[0] ?? '';
    return { input, setCookie, cookie: setCookie.split(';')[0] ?? '' };
  }

  it('sends plain HTTP to the same address over HTTPS', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port: httpPort, path: '/settings/tokens?filter=active', headers: { host: 'localhost' } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(`${publicUrl}/settings/tokens?filter=active`);
  });

  it('signs up and in over HTTPS with a Secure __Host- session cookie and HSTS', async () => {
    const { input, setCookie } = await signedUpSession();
    const secureSessionCookie = new RegExp(
      `^${cookieName}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Lax; Expires=[^;]+; Secure$`,
    );
    expect(cookieName.startsWith('__Host-')).toBe(true);
    expect(setCookie).toMatch(secureSessionCookie);

    const { answer, body } = await graphql(signIn, { input });
    expect(body.data.signIn.__typename).toBe('SignInSuccess');
    expect(answer.headers['set-cookie']?.[0]).toMatch(secureSessionCookie);
    expect(answer.headers['strict-transport-security']).toBe(strictTransportSecurity);
  });

  it("records the test client's address, not a forged X-Forwarded-For, as a token's last use", async () => {
    const { cookie } = await signedUpSession();
    const generated = await graphql(
      generateToken,
      { input: { name: 'deploy-check', expiration: 'DAYS_30', permissions: ['profile:read'] } },
      { headers: { cookie } },
    );
    const { secret } = generated.body.data.generateToken;

    const used = await graphql(
      '{ viewer { email } }',
      {},
      { localAddress: '127.0.0.23', headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.9' } },
    );
    expect(used.body.data.viewer.email).toMatch(/@example\.com$/);

    // Last use is written off the request path, about two seconds later.
    await vi.waitFor(
      async () => {
        const { body } = await graphql(
          '{ viewer { tokens(first: 1) { edges { node { lastUsedIp } } } } }',
          {},
          { headers: { cookie } },
        );
        expect(body.data.viewer.tokens.edges[0].node.lastUsedIp).toBe('127.0.0.23');
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it('passes the revocation stream through unbuffered: a revoke arrives as an event while the stream is open', async () => {
    const created = execFileSync('npm', ['run', '-s', 'service-key', '--', 'create', 'reports'], {
      cwd: repositoryRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });
    const serviceKey = /lksvc_[0-9A-Za-z]{38}/.exec(created)?.[0] ?? '';
    expect(serviceKey).not.toBe('');

    const { cookie } = await signedUpSession();
    const generated = await graphql(
      generateToken,
      { input: { name: 'reports-reader', expiration: 'DAYS_30', permissions: ['reports:read'] } },
      { headers: { cookie } },
    );
    const tokenId: string = generated.body.data.generateToken.token.id;

    let received = '';
    let ended = false;
    const stream = httpsRequest({
      host: '127.0.0.1',
      servername: 'localhost',
      port: httpsPort,
      path: '/oauth/revocations',
      ca: readFileSync(certificate),
      headers: {
        host: `localhost:${httpsPort}`,
        authorization: `Basic ${Buffer.from(`reports:${serviceKey}`).toString('base64')}`,
      },
    });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        stream.on('response', (response) => {
          response.on('data', (chunk: Buffer) => {
            received += chunk.toString();
          });
          response.on('end', () => {
            ended = true;
          });
          resolve(response.statusCode ?? 0);
        });
        stream.on('error', reject);
        stream.end();
      });
      expect(status).toBe(200);
      await vi.waitFor(() => expect(received).toContain('event: ready\n'), { timeout: 5000, interval: 10 });

      const revoked = await graphql(
        'mutation ($id: ID!) { revokeToken(id: $id) { __typename } }',
        { id: tokenId },
        { headers: { cookie } },
      );
      expect(revoked.body.data.revokeToken.__typename).toBe('RevokeTokenSuccess');
      await vi.waitFor(
        () => expect(received).toContain(`event: invalidated\ndata: ${JSON.stringify({ token_id: tokenId })}`),
        { timeout: 5000, interval: 10 },
      );
      expect(ended).toBe(false);
    } finally {
      stream.destroy();
    }
  });

  // Debian's Chromium, driven by playwright-core as the client's end-to-end suite drives it (client/e2e).
  it('lets a person sign up, sign out and sign in through the proxy in Chromium, and shows the tokens page', async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'latchkey-deploy-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      // The flags client/e2e/support/browser.ts uses.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      // The throwaway certificate is trusted by nothing; a real one would be.
      ignoreHTTPSErrors: true,
      baseURL: publicUrl,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const email = `chromium-${Math.random().toString(36).slice(2)}@example.com`;
      await page.goto('/sign-up');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/settings/tokens');
      const [session] = await context.cookies();
      expect(session).toMatchObject({ name: cookieName, secure: true, httpOnly: true, sameSite: 'Lax' });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in**');
      expect(await context.cookies()).toEqual([]);

      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${publicUrl}/settings/tokens`);
      await page.getByRole('heading', { name: 'Settings / Tokens' }).waitFor();
      expect(await page.getByRole('banner').textContent()).toContain(email);
    } finally {
      await context.close();
    }
  }, 60_000);
});
