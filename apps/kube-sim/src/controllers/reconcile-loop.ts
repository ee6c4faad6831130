// Level-triggered reconcile loops: a store change of a watched type marks the loop dirty, and the
// loop runs once on the next timer tick (never inside the store's listener, so watchers keep order).
import type { SimApiServer, StoreEvent } from '../apiserver/api-handler';
import { simNow, type SimTimers, type TimerHandle } from './timers';

/** What a controller's reconcile function may ask of its loop. */
export interface LoopControl {
  /** Runs the loop again after `ms` (the earliest request wins). */
  requeueAfter(ms: number): void;
}

/**
 * One controller: the store types it watches ("pods", "deployments.apps") and its reconcile. A
 * controller that keeps its own index (as an informer's cache) has `observe` called with every change
 * of a watched type as it is stored (first with an ADDED for each object already there); it must only
 * note what changed, the writes belong to reconcile.
 */
export interface ControllerSpec {
  name: string;
  watches: string[];
  observe?(event: StoreEvent): void;
  reconcile(control: LoopControl): void;
}

/** Errors of a reconcile (conflicts, races with users) are retried after this delay. */
const RETRY_MS = 50;

/** Hands an indexing controller the objects stored before it started, as ADDED changes. */
function replayStored(api: SimApiServer, spec: ControllerSpec): void {
  const rv = Number(api.resourceVersion);
  for (const typeKey of spec.watches) {
    const served = api.resourceTypes.some((rt) => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural) === typeKey);
    if (served) for (const object of api.scan(typeKey)) spec.observe?.({ type: 'ADDED', rv, typeKey, object });
  }
}

/** Runs one controller until stopped. */
export class ReconcileLoop implements LoopControl {
  private timer?: TimerHandle;
  private dueAt = Infinity;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    api: SimApiServer,
    private readonly spec: ControllerSpec,
    private readonly timers: SimTimers,
    private readonly onError: (controller: string, error: unknown) => void = () => undefined,
  ) {
    if (spec.observe) replayStored(api, spec);
    this.unsubscribe = api.subscribe((event: StoreEvent) => {
      if (!spec.watches.includes(event.typeKey)) return;
      spec.observe?.(event);
      this.requeueAfter(0);
    });
    this.requeueAfter(0);
  }

  requeueAfter(ms: number): void {
    const due = simNow(this.timers) + ms;
    if (this.stopped || due >= this.dueAt) return;
    this.timer?.cancel();
    this.dueAt = due;
    this.timer = this.timers.after(ms, () => this.run());
  }

  /** Stops watching and cancels the pending run. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.timer?.cancel();
  }

  private run(): void {
    this.timer = undefined;
    this.dueAt = Infinity;
    if (this.stopped) return;
    try {
      this.spec.reconcile(this);
    } catch (error) {
      this.onError(this.spec.name, error);
      this.requeueAfter(RETRY_MS);
    }
  }
}
