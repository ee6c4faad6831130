// Node recovery, the simulator's node auto-repair: a node the lifecycle controller marked Unknown is
// retried every interval; after the last failed attempt it is marked permanently failed (label
// flotilla.dev/node-state=failed, condition PermanentlyFailed, taint flotilla.dev/permanently-failed
// with NoExecute) and never retried again. Each step is an Event on the Node.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { isoNow, recordEvent, withCondition, type Condition } from './object.util';
import {
  isPermanentlyFailed,
  NODE_STATE_LABEL,
  PERMANENTLY_FAILED_CONDITION,
  PERMANENTLY_FAILED_TAINT_KEY,
  readyStatus,
  RECOVERY_ATTEMPTS_ANNOTATION,
  taintsOf,
  type NodeLifecycleSettings,
} from './node-lifecycle.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';

const COMPONENT = 'node-recovery-controller';

/** Brings a node back if the simulation lets this attempt succeed; true when it is back. */
export type RecoveryAttempt = (nodeName: string, attempt: number) => boolean;

/** What node recovery asks of the simulation. */
export interface RecoveryAgents {
  /** The simulated clock (epoch ms). */
  now: () => number;
  attempt: RecoveryAttempt;
}

type RecoverySettings = Pick<NodeLifecycleSettings, 'recoveryIntervalMs' | 'maxRecoveryAttempts'>;

interface Outage {
  attempts: number;
  nextAt: number;
}

function annotate(api: SimApiServer, node: KubeObject, attempts: number | undefined): void {
  const annotations = { ...node.metadata.annotations };
  if (attempts === undefined) delete annotations[RECOVERY_ATTEMPTS_ANNOTATION];
  else annotations[RECOVERY_ATTEMPTS_ANNOTATION] = String(attempts);
  api.update({ ...node, metadata: { ...node.metadata, annotations } });
}

function markPermanentlyFailed(api: SimApiServer, name: string, attempts: number): void {
  const node = api.get('nodes', undefined, name);
  if (!node) return;
  const message = `Node ${name} did not recover after ${attempts} attempts; no further recovery attempts`;
  const labels = { ...node.metadata.labels, [NODE_STATE_LABEL]: 'failed' };
  const taints = [...taintsOf(node).filter((t) => t.key !== PERMANENTLY_FAILED_TAINT_KEY), { key: PERMANENTLY_FAILED_TAINT_KEY, effect: 'NoExecute', timeAdded: isoNow(api) }];
  const labelled = api.update({ ...node, metadata: { ...node.metadata, labels }, spec: { ...(node.spec as object), taints } });
  const status = (labelled.status ?? {}) as { conditions?: Condition[] };
  const condition: Condition = { type: PERMANENTLY_FAILED_CONDITION, status: 'True', reason: 'RecoveryAttemptsExhausted', message, lastHeartbeatTime: isoNow(api), lastTransitionTime: isoNow(api) };
  const failed = api.updateStatus({ ...labelled, status: { ...status, conditions: withCondition(status.conditions, condition) } });
  recordEvent(api, failed, { reason: 'NodePermanentlyFailed', message, type: 'Warning', component: COMPONENT });
}

/** The node recovery controller; `settings` is read at every pass. */
export function nodeRecoveryController(api: SimApiServer, settings: RecoverySettings, agents: RecoveryAgents): ControllerSpec {
  const outages = new Map<string, Outage>();

  const tryOnce = (node: KubeObject, outage: Outage): boolean => {
    const name = node.metadata.name ?? '';
    outage.attempts += 1;
    const of = `${outage.attempts} of ${settings.maxRecoveryAttempts}`;
    recordEvent(api, node, { reason: 'RecoveryAttempt', message: `Recovery attempt ${of} for node ${name}`, type: 'Normal', component: COMPONENT });
    annotate(api, node, outage.attempts);
    if (agents.attempt(name, outage.attempts)) {
      recordEvent(api, node, { reason: 'RecoverySucceeded', message: `Node ${name} came back after recovery attempt ${of}`, type: 'Normal', component: COMPONENT });
      return true;
    }
    recordEvent(api, node, { reason: 'RecoveryFailed', message: `Node ${name} did not come back after recovery attempt ${of}`, type: 'Warning', component: COMPONENT });
    if (outage.attempts < settings.maxRecoveryAttempts) return false;
    markPermanentlyFailed(api, name, outage.attempts);
    return true;
  };

  const follow = (node: KubeObject, control: LoopControl): void => {
    const name = node.metadata.name ?? '';
    const now = agents.now();
    const outage = outages.get(name) ?? { attempts: Number(node.metadata.annotations?.[RECOVERY_ATTEMPTS_ANNOTATION] ?? 0) || 0, nextAt: now + settings.recoveryIntervalMs };
    outages.set(name, outage);
    if (now >= outage.nextAt && tryOnce(node, outage)) {
      outages.delete(name);
      return;
    }
    if (now >= outage.nextAt) outage.nextAt = now + settings.recoveryIntervalMs;
    control.requeueAfter(outage.nextAt - now);
  };

  return {
    name: COMPONENT,
    watches: ['nodes'],
    reconcile: (control) => {
      for (const node of api.scan('nodes')) {
        const name = node.metadata.name ?? '';
        const outage = readyStatus(node) === 'Unknown' && !isPermanentlyFailed(node) && !node.metadata.deletionTimestamp;
        if (outage) {
          follow(node, control);
          continue;
        }
        outages.delete(name);
        if (readyStatus(node) === 'True' && node.metadata.annotations?.[RECOVERY_ATTEMPTS_ANNOTATION]) annotate(api, node, undefined);
      }
    },
  };
}
