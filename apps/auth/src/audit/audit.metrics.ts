import { Counter, register } from 'prom-client';

/**
 * Audit records lost for good, by reason. The gateway counts under the same name (one process in
 * tests shares the registry, hence the lookup before creating it).
 */
export const auditDropped =
  (register.getSingleMetric('flotilla_audit_dropped_total') as Counter<'reason'> | undefined) ??
  new Counter({
    name: 'flotilla_audit_dropped_total',
    help: 'Audit records lost for good (never stored in the audit log), by reason',
    labelNames: ['reason'],
  });
