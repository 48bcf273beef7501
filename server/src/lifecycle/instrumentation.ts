import type { Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { RequestTimer } from '../http/http-server.js';

export interface Instrumentation {
  /** Yoga plugins to run before every other: they measure or trace the whole request. */
  plugins: Plugin[];
  /** The metrics server, not yet listening; null when LATCHKEY_METRICS_PORT is unset. */
  metricsServer: Server | null;
  /** Sends the spans still waiting (nothing to do without tracing). */
  stopTracing(): Promise<void>;
  /** Times the requests GraphQL's metrics do not see; null without metrics. */
  timeRequest: RequestTimer | null;
}

/**
 * Metrics and tracing, each loaded only when configured: with neither set, neither prom-client nor OpenTelemetry
 * is imported and no hook runs; the plain counts in metrics/counts.ts are all that is kept.
 */
export async function loadInstrumentation(config: Config): Promise<Instrumentation> {
  const plugins: Plugin[] = [];
  let metricsServer: Server | null = null;
  let stopTracing = async () => {};
  let timeRequest: RequestTimer | null = null;
  if (config.otelExporterEndpoint !== null) {
    const { startTracing } = await import('../tracing/tracing.js');
    const tracing = startTracing(config.otelServiceName);
    plugins.push(tracing.plugin);
    stopTracing = tracing.stop;
  }
  if (config.metrics.port !== null) {
    const [{ createMetricsRegistry }, { useGraphQLMetrics }, { createMetricsServer }, { requestTimer }] =
      await Promise.all([
        import('../metrics/registry.js'),
        import('../metrics/graphql.js'),
        import('../metrics/server.js'),
        import('../metrics/http.js'),
      ]);
    const registry = createMetricsRegistry();
    plugins.push(useGraphQLMetrics(registry));
    timeRequest = requestTimer(registry);
    metricsServer = createMetricsServer(registry);
  }
  return { plugins, metricsServer, stopTracing, timeRequest };
}
