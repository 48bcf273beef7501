// Kept apart from graphql.ts, which loads the Prometheus plugin: token activity bounds its names the same way.

/** Distinct operation names given labels of their own; clients choose the names, so later ones count as `other`. */
export const MAX_LABELLED_OPERATION_NAMES = 100;

/**
 * The operation name as a label value: the first `MAX_LABELLED_OPERATION_NAMES` distinct names as they are, any
 * name after those `other`, so that no client can grow the series (and the metrics server's memory) without bound.
 */
export function boundedOperationNames(max = MAX_LABELLED_OPERATION_NAMES): (name: string | undefined) => string {
  const labelled = new Set<string>();
  return (name) => {
    // What the plugin calls an operation without a name.
    if (!name || name === 'Anonymous') return 'Anonymous';
    if (labelled.has(name)) return name;
    if (labelled.size >= max) return 'other';
    labelled.add(name);
    return name;
  };
}
