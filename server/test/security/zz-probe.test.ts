import { it } from 'vitest';
import { createTestApp, DAY } from '../support/app.js';

it('probe cursor', async () => {
  const app = createTestApp();
  const a = await app.signUp();
  const b = await app.signUp();
  const t0 = performance.now();
  await app.generateToken({ cookie: b.cookie }, { name: 'b old' });
  app.clock.advance(DAY);
  await app.generateToken({ cookie: a.cookie }, { name: 'a mid', scopes: ['TOKENS_READ'] });
  app.clock.advance(DAY);
  await app.generateToken({ cookie: b.cookie }, { name: 'b new', scopes: ['TOKENS_READ'] });
  console.log('3 generates ms', performance.now() - t0);
  const page = await app.data(
    '{ viewer { tokens(first: 1) { edges { cursor } } auditEvents(first: 1) { edges { cursor } } } }',
    {},
    { cookie: a.cookie },
  );
  const cursor = page.viewer.tokens.edges[0].cursor;
  const fake = Buffer.from(`GPC:S:${'0'.repeat(29)}`).toString('base64');
  const q =
    'query($after:String,$before:String){ viewer { tokens(first: 10, after:$after, before:$before){ edges { node { name } } pageInfo { hasNextPage hasPreviousPage } } } }';
  for (const [label, vars] of [
    ['after-A', { after: cursor }],
    ['after-fake', { after: fake }],
    ['before-A', { before: cursor }],
    ['before-fake', { before: fake }],
  ] as const) {
    console.log(label, (await app.request(q, vars, { cookie: b.cookie })).text);
  }
  const q2 = 'query($after:String){ viewer { auditEvents(first: 10, after:$after){ edges { node { tokenName } } } } }';
  console.log(
    'audit-A',
    (await app.request(q2, { after: page.viewer.auditEvents.edges[0].cursor }, { cookie: b.cookie })).text,
  );
  console.log('audit-fake', (await app.request(q2, { after: fake }, { cookie: b.cookie })).text);
  const t1 = performance.now();
  for (let i = 0; i < 50; i++)
    await app.request(
      '{ viewer { tokens(first: 100) { totalCount edges { node { id status } } } } }',
      {},
      { cookie: b.cookie },
    );
  console.log('50 reads ms', performance.now() - t1);
  const t2 = performance.now();
  for (let i = 0; i < 20; i++) createTestApp();
  console.log('20 yogas ms', performance.now() - t2);
  const t3 = performance.now();
  for (let i = 0; i < 5; i++) await app.signUp();
  console.log('5 signups ms', performance.now() - t3);
});
