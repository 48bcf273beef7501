import { describe, expect, it } from 'vitest';
import { HashingQueue, passwordHashingQueue } from '../src/auth/hashing-queue.js';
import { hashPassword } from '../src/auth/password.js';
import { db } from '../src/db.js';
import { ServerBusyError } from '../src/errors.js';
import { rateLimitCounterKey, rateLimitRules } from '../src/security/rate-limits.js';
import { createTestApp } from './support/app.js';

/** A task that runs until `finish` is called, recording how many such tasks run at once. */
function blockingTasks() {
  let running = 0;
  let mostAtOnce = 0;
  const finishers: (() => void)[] = [];
  const task = () => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise<void>((resolve) => finishers.push(resolve)).finally(() => running--);
  };
  return {
    task,
    finishAll: async (queue: HashingQueue) => {
      while (queue.running > 0) {
        for (const finish of finishers.splice(0)) finish();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
  };
}

/** What the account's sign-in counters hold (failures, successes). */
async function accountCounters(email: string) {
  const rules = rateLimitRules();
  return Promise.all(
    [rules.signInFailuresPerAccount, rules.signInsPerAccount].map(
      async (rule) =>
        (await db.rateLimitCounter.findUnique({ where: { key: rateLimitCounterKey(rule, email) } }))?.count ?? 0,
    ),
  );
}

describe('the password hashing queue', () => {
  it('runs at most its concurrency at once and the rest in order as places free up', async () => {
    const queue = new HashingQueue(2, 10);
    const tasks = blockingTasks();
    const order: number[] = [];
    const runs = Array.from({ length: 6 }, (_, index) => queue.run(() => tasks.task().then(() => order.push(index))));
    expect([queue.running, queue.waiting]).toEqual([2, 4]);
    await tasks.finishAll(queue);
    await Promise.all(runs);
    expect(tasks.mostAtOnce).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it('turns callers away with ServerBusyError once its queue is full, and takes them again later', async () => {
    const queue = new HashingQueue(1, 2);
    const tasks = blockingTasks();
    const accepted = [queue.run(tasks.task), queue.run(tasks.task), queue.run(tasks.task)];
    await expect(queue.run(tasks.task)).rejects.toEqual(new ServerBusyError(2));
    await tasks.finishAll(queue);
    await Promise.all(accepted);
    await expect(queue.run(async () => 'hashed')).resolves.toBe('hashed');
  });

  it('frees the place of a task that failed', async () => {
    const queue = new HashingQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });

  it('is where every password hash waits its turn', async () => {
    const tasks = blockingTasks();
    const holders = Array.from({ length: passwordHashingQueue.concurrency }, () =>
      passwordHashingQueue.run(tasks.task),
    );
    const hashing = hashPassword('correct horse battery');
    expect(passwordHashingQueue.waiting).toBe(1);
    await tasks.finishAll(passwordHashingQueue);
    await Promise.all(holders);
    expect(await hashing).toMatch(/^scrypt\$/);
  });

  it('answers sign-in with HTTP 503 and Retry-After when too many password checks wait, counting nothing', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const countersBefore = await accountCounters(person.email);
    const tasks = blockingTasks();
    const { concurrency, queueLength } = passwordHashingQueue;
    const holders = Array.from({ length: concurrency + queueLength }, () => passwordHashingQueue.run(tasks.task));
    const busy = await app.request(
      `mutation ($input: SignInInput!) {
        signIn(input: $input) { __typename ... on ServerBusyError { message retryAfterSeconds } }
      }`,
      { input: { email: person.email, password: person.password } },
    );
    await tasks.finishAll(passwordHashingQueue);
    await Promise.all(holders);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(busy.body.data.signIn).toEqual({
      __typename: 'ServerBusyError',
      message: 'The server is busy. Try again in 2 seconds.',
      retryAfterSeconds: 2,
    });
    expect(await accountCounters(person.email)).toEqual(countersBefore);
    expect((await app.request(`{ viewer { id } }`, {}, { cookie: await app.signIn(person) })).status).toBe(200);
  });
});
