/** DI token of {@link GatewayHealthOptions}. */
export const GATEWAY_HEALTH_OPTIONS = Symbol('GATEWAY_HEALTH_OPTIONS');

export interface GatewayHealthOptions {
  databaseUrl: string;
  serviceTimeoutMs: number;
}
