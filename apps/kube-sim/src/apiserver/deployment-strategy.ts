// A Deployment's strategy as kube-apiserver handles it: defaults (RollingUpdate with 25% surge and
// 25% unavailable, revisionHistoryLimit 10, progressDeadlineSeconds 600) and validation
// (ValidateDeploymentStrategy), plus the fencepost arithmetic the deployment controller shares.
import type { AdmissionPlugin } from './admission';
import { invalid, type StatusCause } from './status';
import type { KubeObject } from './store';

/** An int or a percentage string ("25%"). */
export type IntOrPercent = number | string;

/** spec.strategy of a Deployment. */
export interface DeploymentStrategy {
  type?: string;
  rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent };
}

type DeploymentSpec = { replicas?: number; strategy?: DeploymentStrategy; revisionHistoryLimit?: number; progressDeadlineSeconds?: number };

const PERCENT = /^[0-9]+%$/;
const PERCENT_HELP = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const STRATEGY_PATH = 'spec.strategy';
const ROLLING_PATH = `${STRATEGY_PATH}.rollingUpdate`;

/**
 * An int-or-percent scaled against `total` (intstr.GetScaledValueFromIntOrPercent): percentages round
 * up for surge and down for unavailability.
 */
export function scaledValue(value: IntOrPercent | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = Number(value.slice(0, -1));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** The replicas a Deployment or ReplicaSet asks for (default 1). */
function replicasOf(spec: DeploymentSpec | undefined): number {
  return typeof spec?.replicas === 'number' ? spec.replicas : 1;
}

/**
 * maxSurge and maxUnavailable of a Deployment resolved against its replicas (ResolveFenceposts): when
 * both round to 0, unavailable becomes 1. Recreate has neither.
 */
export function resolveFenceposts(deploy: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const spec = deploy.spec as DeploymentSpec | undefined;
  if (spec?.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const replicas = replicasOf(spec);
  const rolling = spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaledValue(rolling.maxSurge, replicas, true);
  const unavailable = scaledValue(rolling.maxUnavailable, replicas, false);
  const maxUnavailable = maxSurge === 0 && unavailable === 0 ? 1 : unavailable;
  // MaxUnavailable: never more than the replicas, and 0 for a deployment scaled to zero
  return { maxSurge, maxUnavailable: replicas === 0 ? 0 : Math.min(maxUnavailable, replicas) };
}

function defaultStrategy(spec: DeploymentSpec): void {
  const strategy = (spec.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type !== 'RollingUpdate') return;
  const rolling = (strategy.rollingUpdate ??= {});
  rolling.maxUnavailable ??= '25%';
  rolling.maxSurge ??= '25%';
}

/** Sets what SetDefaults_Deployment sets, in place. */
export function defaultDeployment(deploy: KubeObject): void {
  const spec = (deploy.spec ?? {}) as DeploymentSpec;
  deploy.spec = spec;
  spec.replicas ??= 1;
  defaultStrategy(spec);
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
}

const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
const invalidCause = (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${shown(value)}: ${detail}` });

function intOrPercentCauses(value: unknown, field: string): StatusCause[] {
  if (typeof value === 'string') return PERCENT.test(value) ? [] : [invalidCause(field, value, PERCENT_HELP)];
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? [] : [invalidCause(field, value, 'must be greater than or equal to 0')];
  return value === undefined ? [] : [invalidCause(field, value, 'must be an integer or a percentage')];
}

const isZero = (value: unknown) => value === 0 || (typeof value === 'string' && PERCENT.test(value) && Number(value.slice(0, -1)) === 0);

function rollingUpdateCauses(rolling: NonNullable<DeploymentStrategy['rollingUpdate']>): StatusCause[] {
  const { maxSurge, maxUnavailable } = rolling;
  const causes = [...intOrPercentCauses(maxUnavailable, `${ROLLING_PATH}.maxUnavailable`), ...intOrPercentCauses(maxSurge, `${ROLLING_PATH}.maxSurge`)];
  if (isZero(maxUnavailable ?? 0) && isZero(maxSurge ?? 0)) causes.push(invalidCause(`${ROLLING_PATH}.maxUnavailable`, maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  if (typeof maxUnavailable === 'string' && PERCENT.test(maxUnavailable) && Number(maxUnavailable.slice(0, -1)) > 100) {
    causes.push(invalidCause(`${ROLLING_PATH}.maxUnavailable`, maxUnavailable, 'must not be greater than 100%'));
  }
  return causes;
}

/** The field causes of a Deployment's strategy (ValidateDeploymentStrategy); empty when valid. */
export function strategyCauses(strategy: DeploymentStrategy): StatusCause[] {
  if (strategy.type === 'Recreate') {
    if (!strategy.rollingUpdate) return [];
    return [{ reason: 'FieldValueForbidden', field: ROLLING_PATH, message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" }];
  }
  if (strategy.type !== 'RollingUpdate') {
    return [{ reason: 'FieldValueNotSupported', field: `${STRATEGY_PATH}.type`, message: `Unsupported value: ${JSON.stringify(strategy.type ?? '')}: supported values: "Recreate", "RollingUpdate"` }];
  }
  return rollingUpdateCauses(strategy.rollingUpdate ?? {});
}

/** Defaulting and strategy validation of apps/v1 Deployments on create and update (status writes pass). */
export const deploymentStrategyAdmission: AdmissionPlugin = {
  name: 'DeploymentStrategy',
  admit({ rt, object, subresource }) {
    if (rt.group !== 'apps' || rt.plural !== 'deployments' || subresource) return;
    defaultDeployment(object);
    const causes = strategyCauses((object.spec as DeploymentSpec).strategy ?? {});
    if (causes.length > 0) throw invalid(rt, object.metadata.name ?? '', causes);
  },
};
