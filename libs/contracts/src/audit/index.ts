export * from './audit.subjects';
export * from './audit-event.dto';
export * from './list-audit-events.query';
export * from './audit-org.params';
