import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';

/** The limits every document must stay within, checked before anything runs. */
export const documentLimits = {
  depth: 12,
  aliases: 15,
  tokens: 1000,
  directives: 50,
  cost: 20000,
};

export function useDocumentLimits() {
  return [
    maxTokensPlugin({ n: documentLimits.tokens }),
    maxDepthPlugin({ n: documentLimits.depth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesPlugin({ n: documentLimits.aliases }),
    maxDirectivesPlugin({ n: documentLimits.directives }),
    costLimitPlugin({
      maxCost: documentLimits.cost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
    }),
  ];
}
