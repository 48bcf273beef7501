import { RootFieldBuilder } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';

type Resolver = (...args: unknown[]) => unknown;
type IdResult = { type: unknown; id: unknown } | string | null | undefined;
interface GlobalIdBuilder {
  builder: { configStore: { getTypeConfig(type: unknown): { name: string } } };
  field(options: Record<string, unknown>): unknown;
}

// The same few ids recur request after request (a person's token list); base64 costs a Buffer each time.
const MAX_REMEMBERED_IDS = 10_000;
const rememberedIds = new Map<string, string>();

function globalIdFor(typename: string, id: string): string {
  const key = `${typename}:${id}`;
  let globalId = rememberedIds.get(key);
  if (globalId === undefined) {
    if (rememberedIds.size >= MAX_REMEMBERED_IDS) rememberedIds.clear();
    globalId = encodeGlobalID(typename, id);
    rememberedIds.set(key, globalId);
  }
  return globalId;
}

/**
 * The relay plugin resolves every `id` field with an `async` function, so each object with an id returns a
 * promise, and graphql-js then completes the whole response asynchronously: a measurable share of a
 * `viewer { id }` request (bench/README.md#what-each-change-bought). This resolver encodes the same ids,
 * synchronously when the underlying id is, and remembers recent ones. (We set no custom `encodeGlobalID` in the
 * relay options, so the default encoding is the one.)
 */
(RootFieldBuilder.prototype as unknown as Record<string, unknown>).globalID = function globalID(
  this: GlobalIdBuilder,
  { resolve, ...options }: { resolve: Resolver },
) {
  const encode = (result: IdResult) =>
    !result || typeof result !== 'object'
      ? result
      : globalIdFor(this.builder.configStore.getTypeConfig(result.type).name, String(result.id));
  return this.field({
    ...options,
    type: 'ID',
    resolve: (...args: unknown[]) => {
      const result = resolve(...args) as IdResult | Promise<IdResult>;
      return result instanceof Promise ? result.then(encode) : encode(result);
    },
  });
};
