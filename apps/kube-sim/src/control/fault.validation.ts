// Input checks of the control API's fault and simulation requests; every problem names its field.
import { ApiError } from '../apiserver/api-handler';
import { parseLabelSelector } from '../apiserver/selectors';
import type { SimulationOptions } from '../controllers/cluster-simulation';
import type { CrashLoopSpec } from '../controllers/crash-loop.rules';
import type { NodeDownOptions } from '../controllers/node-lifecycle.faults';
import type { NodeLifecycleSettings } from '../controllers/node-lifecycle.util';
import { MAX_TIME_SCALE } from '../controllers/timers';
import { ERROR_CODES, type ClusterFaults, type CutMode, type ErrorCode } from './cluster-faults';
import { ControlValidationError } from './control.validation';

const MAX_LATENCY_MS = 60_000;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Input = Record<string, unknown>;

/** The request body as an object; 400 naming `body` otherwise. */
export function bodyObject(value: unknown): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlValidationError('body', 'must be an object');
  return value as Input;
}

function optional<T>(input: Input, field: string, check: (value: unknown) => boolean, rule: string): T | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (!check(value)) throw new ControlValidationError(field, rule);
  return value as T;
}

const integerIn = (min: number, max: number) => (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const numberIn = (min: number, max: number) => (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const matching = (pattern: RegExp, max: number) => (value: unknown) => typeof value === 'string' && value.length <= max && pattern.test(value);

function errorCodes(input: Input): ErrorCode[] | undefined {
  const rule = `must be a non-empty array of ${ERROR_CODES.join(', ')}`;
  const isCodes = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((code) => (ERROR_CODES as readonly unknown[]).includes(code));
  return optional<ErrorCode[]>(input, 'errorCodes', isCodes, rule);
}

/**
 * A faults request `{ unreachable?, latencyMs?, errorRate?, errorCodes?, errorSeed? }`, merged over
 * the faults in force (fields left out keep their value).
 */
export function parseFaults(value: unknown, current: ClusterFaults): ClusterFaults {
  const input = bodyObject(value);
  return {
    unreachable: optional<boolean>(input, 'unreachable', (v) => typeof v === 'boolean', 'must be a boolean') ?? current.unreachable,
    latencyMs: optional<number>(input, 'latencyMs', integerIn(0, MAX_LATENCY_MS), `must be an integer from 0 to ${MAX_LATENCY_MS}`) ?? current.latencyMs,
    errorRate: optional<number>(input, 'errorRate', numberIn(0, 1), 'must be a number from 0 to 1 (a probability)') ?? current.errorRate,
    errorCodes: errorCodes(input) ?? current.errorCodes,
    errorSeed: optional<string>(input, 'errorSeed', (v) => typeof v === 'string' && v.length > 0 && v.length <= 200, 'must be a string of 1 to 200 characters') ?? current.errorSeed,
  };
}

function nodeLifecycle(value: unknown): Partial<NodeLifecycleSettings> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlValidationError('nodeLifecycle', 'must be an object');
  const input = value as Input;
  const settings: Partial<NodeLifecycleSettings> = {
    gracePeriodMs: optional(input, 'gracePeriodMs', integerIn(1, 86_400_000), 'must be an integer from 1 to 86400000'),
    recoveryIntervalMs: optional(input, 'recoveryIntervalMs', integerIn(1, 86_400_000), 'must be an integer from 1 to 86400000'),
    maxRecoveryAttempts: optional(input, 'maxRecoveryAttempts', integerIn(1, 100), 'must be an integer from 1 to 100'),
    defaultTolerationSeconds: optional(input, 'defaultTolerationSeconds', integerIn(0, 86_400), 'must be an integer from 0 to 86400'),
  };
  const invalid = Object.keys(input).find((key) => !(key in settings));
  if (invalid) throw new ControlValidationError(`nodeLifecycle.${invalid}`, 'is not a node lifecycle setting');
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** `{ timeScale?, nodeLifecycle?, controllers? }` of a cluster's creation or of a change to its simulation. */
export function parseSimulation(value: unknown): SimulationOptions {
  const input = bodyObject(value);
  const timeScale = optional<number>(input, 'timeScale', (v) => typeof v === 'number' && v > 0 && v <= MAX_TIME_SCALE, `must be a number above 0 and at most ${MAX_TIME_SCALE}`);
  const controllers = optional<boolean>(input, 'controllers', (v) => typeof v === 'boolean', 'must be a boolean');
  return { timeScale, nodeLifecycle: nodeLifecycle(input.nodeLifecycle), controllers };
}

/** A node-down request `{ recoverOnAttempt? }`. */
export function parseNodeDown(value: unknown): NodeDownOptions {
  const input = bodyObject(value);
  return { recoverOnAttempt: optional<number>(input, 'recoverOnAttempt', integerIn(1, 100), 'must be an integer from 1 to 100') };
}

function labelSelector(input: Input): string | undefined {
  const selector = optional<string>(input, 'labelSelector', (v) => typeof v === 'string' && v.length <= 1000, 'must be a label selector string');
  try {
    parseLabelSelector(selector ?? null);
  } catch (error) {
    if (error instanceof ApiError) throw new ControlValidationError('labelSelector', error.message);
    throw error;
  }
  return selector;
}

/** A crash-loop request `{ namespace?, name?, labelSelector?, container?, exitCode?, runSeconds? }`. */
export function parseCrashLoop(value: unknown): CrashLoopSpec {
  const input = bodyObject(value);
  const spec: CrashLoopSpec = {
    namespace: optional(input, 'namespace', matching(DNS1123_LABEL, 63), 'must be a namespace name'),
    name: optional(input, 'name', matching(DNS1123_SUBDOMAIN, 253), 'must be a pod name'),
    labelSelector: labelSelector(input),
    container: optional(input, 'container', matching(DNS1123_LABEL, 63), 'must be a container name'),
    exitCode: optional(input, 'exitCode', integerIn(1, 255), 'must be an integer from 1 to 255'),
    runSeconds: optional(input, 'runSeconds', numberIn(0.001, 86_400), 'must be a number of seconds above 0 and at most 86400'),
  };
  if (!spec.namespace && !spec.name && !spec.labelSelector) throw new ControlValidationError('labelSelector', 'give at least one of namespace, name or labelSelector');
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as CrashLoopSpec;
}

/** A watch-cut request `{ mode?: "close" | "reset", compact?: boolean }`. */
export function parseWatchCut(value: unknown): { mode: CutMode; compact: boolean } {
  const input = bodyObject(value);
  const mode = optional<CutMode>(input, 'mode', (v) => v === 'close' || v === 'reset', 'must be "close" or "reset"') ?? 'close';
  const compact = optional<boolean>(input, 'compact', (v) => typeof v === 'boolean', 'must be a boolean') ?? false;
  return { mode, compact };
}
