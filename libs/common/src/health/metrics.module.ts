import type { DynamicModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { MetricsController } from './metrics.controller';

/**
 * Prometheus /metrics for one app, labelled with its service name. Default process metrics are
 * registered once per process (tests run several apps in one process; production runs one).
 */
export function createMetricsModule(service: string): DynamicModule {
  const alreadyCollecting = register.getSingleMetric('process_cpu_user_seconds_total') !== undefined;
  return PrometheusModule.register({
    path: '/metrics',
    defaultLabels: { service },
    defaultMetrics: { enabled: !alreadyCollecting },
    controller: MetricsController,
  });
}
