// The kubelet's side of crash-loop faults: a running pod a crash-loop fault selects has its containers
// crash after each run; the first crash restarts at once, later ones wait in CrashLoopBackOff (10 s,
// 20 s, … 5 min of simulated time) with a BackOff Event. Once the fault is removed a container comes
// back at its next restart and stays up.
import type { KubeObject, SimApiServer } from '../apiserver/api-handler';
import { backoffMs, backOffMessage, crashLoopStatus, restartsOf, type CrashStep } from './crash-loop.status';
import type { CrashLoopRule, CrashLoopRules } from './crash-loop.rules';
import { isoNow, recordEvent } from './object.util';
import type { ControllerSpec, LoopControl } from './reconcile-loop';
import { podSpec } from './resource-math.util';

/** What the crash-loop controller reads of the simulation. */
export interface CrashLoopAgents {
  rules: CrashLoopRules;
  now: () => number;
  isNodeDown: (nodeName: string) => boolean;
}

/** One crash-looping pod as the simulated kubelet follows it. */
interface Tracked {
  restarts: number;
  state: 'running' | 'backoff';
  nextAt: number;
  rule?: CrashLoopRule;
}

const DEFAULT_RUN_SECONDS = 1;

function isRunning(pod: KubeObject): boolean {
  return (pod.status as { phase?: string } | undefined)?.phase === 'Running' && !pod.metadata.deletionTimestamp;
}

const selectsContainer = (rule: CrashLoopRule | undefined) => (name: string) => !rule?.container || rule.container === name;

/** The crash-loop controller. */
export function crashLoopController(api: SimApiServer, agents: CrashLoopAgents): ControllerSpec {
  const tracked = new Map<string, Tracked>();
  let loop: LoopControl | undefined;
  agents.rules.onChange(() => loop?.requeueAfter(0));

  const write = (pod: KubeObject, entry: Tracked, step: CrashStep) => {
    const containers = selectsContainer(entry.rule);
    const status = crashLoopStatus(pod, step, { containers, exitCode: entry.rule?.exitCode ?? 1, restarts: entry.restarts, now: isoNow(api) });
    const updated = api.updateStatus({ ...pod, status });
    if (step.kind !== 'backoff') return;
    for (const container of (podSpec(pod).containers ?? []).map((c) => c.name).filter(containers)) {
      recordEvent(api, updated, { reason: 'BackOff', message: backOffMessage(pod, container), type: 'Warning', component: 'kubelet' });
    }
  };

  /** The next step of a tracked pod whose time has come; false when it is healthy and no longer followed. */
  const advance = (pod: KubeObject, entry: Tracked, rule: CrashLoopRule | undefined, now: number): boolean => {
    if (entry.state === 'running' && !rule) return false;
    if (entry.state === 'running') {
      const wait = backoffMs(entry.restarts);
      entry.rule = rule;
      if (wait > 0) {
        Object.assign(entry, { state: 'backoff', nextAt: now + wait });
        write(pod, entry, { kind: 'backoff', backoffMs: wait });
        return true;
      }
    }
    Object.assign(entry, { state: 'running', restarts: entry.restarts + 1, nextAt: now + (rule?.runSeconds ?? DEFAULT_RUN_SECONDS) * 1000 });
    write(pod, entry, { kind: 'running' });
    return rule !== undefined;
  };

  const follow = (pod: KubeObject, control: LoopControl, now: number) => {
    const uid = pod.metadata.uid ?? '';
    const rule = agents.rules.match(pod);
    let entry = tracked.get(uid);
    if (!entry && !rule) return;
    if (!entry) {
      entry = { restarts: restartsOf(pod, selectsContainer(rule)), state: 'running', nextAt: now + (rule?.runSeconds ?? DEFAULT_RUN_SECONDS) * 1000, rule };
      tracked.set(uid, entry);
    }
    if (now >= entry.nextAt && !advance(pod, entry, rule, now)) {
      tracked.delete(uid);
      return;
    }
    control.requeueAfter(entry.nextAt - now);
  };

  return {
    name: 'crash-loop',
    watches: ['pods'],
    reconcile: (control) => {
      loop = control;
      if (agents.rules.size === 0 && tracked.size === 0) return;
      const now = agents.now();
      const seen = new Set<string>();
      for (const pod of api.scan('pods')) {
        seen.add(pod.metadata.uid ?? '');
        if (isRunning(pod) && !agents.isNodeDown(podSpec(pod).nodeName ?? '')) follow(pod, control, now);
      }
      for (const uid of tracked.keys()) if (!seen.has(uid)) tracked.delete(uid);
    },
  };
}
