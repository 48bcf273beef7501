import SchemaBuilder, { BasePlugin, completeValue, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';
import { globalIds } from './caches.js';

// The same few ids recur request after request (a person's token list); base64 costs a Buffer each time.
export function globalIdFor(typename: string, id: string): string {
  const key = `${typename}:${id}`;
  let globalId = globalIds.get(key);
  if (globalId === undefined) {
    globalId = encodeGlobalID(typename, id);
    globalIds.set(key, globalId);
  }
  return globalId;
}

type IdResolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * The relay plugin resolves every node's `id` with an `async` function, so each object with an id returns a
 * promise, and graphql-js then completes the whole response asynchronously: a measurable share of a
 * `viewer { id }` request (bench/README.md#what-each-change-bought). This plugin gives node `id` fields a
 * resolver that encodes the same ids, synchronously when the node's own id resolver is, and remembers recent ones.
 * test/synchronous-global-ids.test.ts fails if a Pothos upgrade moves what it relies on.
 */
export class SynchronousGlobalIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const relay = this.builder.options.relay;
    // A custom encoding is the relay plugin's to apply.
    if (relay?.encodeGlobalID || fieldConfig.name !== (relay?.idFieldName ?? 'id')) return fieldConfig;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    // The relay plugin keeps a node's options, its id resolver among them, on the node's type config.
    const nodeId = (typeConfig.pothosOptions as { id?: { resolve?: IdResolver } }).id;
    if (typeConfig.graphqlKind !== 'Object' || typeof nodeId?.resolve !== 'function') return fieldConfig;
    const resolveId = nodeId.resolve;
    const typename = typeConfig.name;
    return {
      ...fieldConfig,
      resolve: (parent, args, context, info) =>
        completeValue(resolveId(parent, args, context, info), (id) => globalIdFor(typename, String(id))),
    };
  }
}

const pluginName = 'synchronousGlobalIds';

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      synchronousGlobalIds: SynchronousGlobalIdsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, SynchronousGlobalIdsPlugin);

export default pluginName;
