// DefaultTolerationSeconds admission, as kube-apiserver enables it by default: a new pod that does not
// tolerate node.kubernetes.io/not-ready or /unreachable with NoExecute gets a toleration of each for
// the default seconds (300 upstream), so it is evicted that long after its node fails.
import type { AdmissionPlugin, KubeObject } from '../apiserver/api-handler';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY, type Toleration } from './node-lifecycle.util';

function toleratesKey(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

/** The pod's tolerations with the defaults added where missing. */
export function withDefaultTolerations(pod: KubeObject, seconds: number): Toleration[] {
  const tolerations = ((pod.spec as { tolerations?: Toleration[] } | undefined)?.tolerations ?? []).slice();
  for (const key of [NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY]) {
    if (!toleratesKey(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  return tolerations;
}

/** The DefaultTolerationSeconds admission plugin (pods, on create); `seconds` is read at each admission. */
export function defaultTolerationSeconds(seconds: () => number): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admit: ({ operation, rt, object }) => {
      if (operation !== 'CREATE' || rt.group !== '' || rt.plural !== 'pods') return;
      const spec = (object.spec ?? {}) as Record<string, unknown>;
      object.spec = { ...spec, tolerations: withDefaultTolerations(object, seconds()) };
    },
  };
}
