// LimitRanger admission: fills containers' missing requests/limits from the namespace's LimitRange
// (type Container: default → limits, defaultRequest → requests).
import type { AdmissionAttributes, AdmissionPlugin, SimApiServer } from '../apiserver/api-handler';
import type { ContainerSpec } from '../controllers/resource-math.util';

type LimitItem = { type?: string; default?: Record<string, string>; defaultRequest?: Record<string, string> };

function containerDefaults(api: SimApiServer, namespace: string): { limits: Record<string, string>; requests: Record<string, string> } {
  const items = api.list('limitranges', namespace).flatMap((lr) => ((lr.spec as { limits?: LimitItem[] } | undefined)?.limits ?? []).filter((l) => l.type === 'Container'));
  const limits = Object.assign({}, ...items.map((l) => l.default ?? {})) as Record<string, string>;
  const requests = Object.assign({}, ...items.map((l) => l.defaultRequest ?? {})) as Record<string, string>;
  return { limits, requests: { ...limits, ...requests } };
}

function fill(container: ContainerSpec, defaults: { limits: Record<string, string>; requests: Record<string, string> }): void {
  const resources = container.resources ?? {};
  const limits = { ...defaults.limits, ...resources.limits };
  // an explicit limit without a request makes the request equal to that limit, as API defaulting does
  const requests = { ...defaults.requests, ...resources.limits, ...resources.requests };
  container.resources = { ...resources };
  if (Object.keys(limits).length) container.resources.limits = limits;
  if (Object.keys(requests).length) container.resources.requests = requests;
}

/** Whether an admission call is the create of a pod (what LimitRanger and ResourceQuota act on). */
export function isPodCreate({ operation, rt, subresource }: AdmissionAttributes): boolean {
  return operation === 'CREATE' && rt.group === '' && rt.plural === 'pods' && !subresource;
}

/** Mutating admission of pods from LimitRange defaults. */
export function limitRanger(api: SimApiServer): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    admit: (attrs) => {
      if (!isPodCreate(attrs)) return;
      const { object } = attrs;
      const defaults = containerDefaults(api, object.metadata.namespace ?? 'default');
      if (!Object.keys(defaults.requests).length) return;
      const spec = (object.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
      for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) fill(container, defaults);
    },
  };
}
