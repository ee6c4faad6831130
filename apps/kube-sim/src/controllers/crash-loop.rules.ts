// Crash-loop faults: which pods' containers crash (by namespace, name and/or label selector), with
// what exit code and after how long a run. The crash-loop controller plays the kubelet for them.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../apiserver/api-handler';
import { compileSelector, type Selector } from '../apiserver/selectors';

/** What a crash-loop fault asks for (control API input, validated). */
export interface CrashLoopSpec {
  /** Only pods of this namespace (default: every namespace). */
  namespace?: string;
  /** Only the pod of this name. */
  name?: string;
  /** Only pods with these labels (label selector syntax). */
  labelSelector?: string;
  /** Only this container crashes (default: every container of the pod). */
  container?: string;
  /** Exit code of each crash (default 1, reason Error). */
  exitCode?: number;
  /** How long a container runs before it crashes, in simulated seconds (default 1). */
  runSeconds?: number;
}

/** A crash-loop fault in force. */
export interface CrashLoopRule extends CrashLoopSpec {
  id: string;
}

/** The crash-loop faults of one cluster. */
export class CrashLoopRules {
  private readonly rules = new Map<string, { rule: CrashLoopRule; selects: Selector }>();
  private readonly listeners = new Set<() => void>();

  /** Adds a fault; throws the selector's ApiError (400) for a malformed labelSelector. */
  add(spec: CrashLoopSpec): CrashLoopRule {
    const selects = compileSelector(spec.labelSelector ?? null, null);
    const rule = { id: randomUUID(), ...spec };
    this.rules.set(rule.id, { rule, selects });
    this.changed();
    return rule;
  }

  /** Removes one fault; false when there is no such id. */
  remove(id: string): boolean {
    const removed = this.rules.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /** Removes every fault. */
  clear(): void {
    this.rules.clear();
    this.changed();
  }

  list(): CrashLoopRule[] {
    return [...this.rules.values()].map(({ rule }) => rule);
  }

  get size(): number {
    return this.rules.size;
  }

  /** The first fault that selects the pod, if any. */
  match(pod: KubeObject): CrashLoopRule | undefined {
    for (const { rule, selects } of this.rules.values()) {
      if (rule.namespace && rule.namespace !== pod.metadata.namespace) continue;
      if (rule.name && rule.name !== pod.metadata.name) continue;
      if (selects(pod)) return rule;
    }
    return undefined;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
