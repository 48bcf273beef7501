import { useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';

/**
 * A span per GraphQL operation, sent in batches over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads
 * it, and the other OTEL_EXPORTER_OTLP_* variables, itself). Imported only when that variable is set. Spans carry
 * the operation's name and type, never its document, variables or result: those hold passwords and token secrets.
 */
export function startTracing(serviceName: string) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return {
    // Its context type names the span key the plugin adds to the context itself.
    plugin: useOpenTelemetry(
      { document: false, variables: false, result: false, resolvers: false, defaultResolvers: false },
      provider,
    ) as Plugin,
    /** Sends the spans still waiting, then stops. */
    stop: () => provider.shutdown(),
  };
}
