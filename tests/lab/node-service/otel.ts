/**
 * OpenTelemetry metrics for the lab's Node service, set up the way production services do:
 * HTTP server instrumentation (stable semantic conventions, `http.server.request.duration`)
 * exported by the OTel Prometheus exporter on its own port. Preloaded with `node --import`
 * before main.ts, so the instrumentation's require hook sees express load `http`.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

// Stable HTTP names (seconds), as every SDK release since 2024 can be told to emit.
process.env.OTEL_SEMCONV_STABILITY_OPT_IN ??= 'http';

const otelPort = Number(process.env.OTEL_PORT);
if (!Number.isInteger(otelPort) || otelPort <= 0) throw new Error('OTEL_PORT must be a port number');

/** The exporter serves `/metrics` on OTEL_PORT (127.0.0.1 only). */
const exporter = new PrometheusExporter({ host: '127.0.0.1', port: otelPort });

const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.SERVICE_NAME ?? 'orders-node' }),
  readers: [exporter],
});
metrics.setGlobalMeterProvider(provider);
registerInstrumentations({
  meterProvider: provider,
  instrumentations: [
    new HttpInstrumentation({
      // Only the server side of the service's own port: scrapes of /metrics are not traffic.
      ignoreIncomingRequestHook: (req) => req.url === '/metrics' || req.url === '/healthz',
      ignoreOutgoingRequestHook: () => true,
    }),
  ],
});
