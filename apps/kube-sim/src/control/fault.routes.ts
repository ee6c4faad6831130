// Control API routes that inject faults and steer a cluster's simulation: request faults (latency,
// error rate, unreachable), watch cuts, node down/up, crash loops, time scale and node lifecycle.
import type { ClusterSimulation } from '../controllers/cluster-simulation';
import { ClusterRegistryError, type ClusterRegistry, type SimCluster } from '../server/cluster.registry';
import { sendJson } from '../server/respond';
import { faultInjectorOf, noFaults } from './cluster-faults';
import type { ControlRequest, ControlRoute } from './control.api';
import { ControlValidationError } from './control.validation';
import { parseCrashLoop, parseFaults, parseNodeDown, parseSimulation, parseWatchCut } from './fault.validation';

const CLUSTER = String.raw`clusters\/[^/]+`;
const route = (method: string, path: string, handle: ControlRoute[2]): ControlRoute => [method, new RegExp(`^${CLUSTER}${path}$`), handle];

function simulationOf(cluster: SimCluster): ClusterSimulation {
  if (!cluster.api.simulation) throw new ClusterRegistryError('CONFLICT', `cluster ${cluster.name} runs no controllers to simulate nodes and pods on`);
  return cluster.api.simulation;
}

/** The fault and simulation routes over the clusters of `registry`. */
export function faultRoutes(registry: ClusterRegistry): ControlRoute[] {
  const clusterOf = (r: ControlRequest) => registry.get(r.parts[1]);
  const simulation = (r: ControlRequest) => simulationOf(clusterOf(r));
  const describe = (r: ControlRequest, status = 200) => sendJson(r.res, status, simulation(r).describe());

  const setFaults = (r: ControlRequest, next: SimCluster['faults']) => {
    const cluster = clusterOf(r);
    cluster.faults = next;
    faultInjectorOf(cluster).changed();
    sendJson(r.res, 200, { name: cluster.name, faults: cluster.faults });
  };

  const setSimulation = (r: ControlRequest) => {
    const sim = simulation(r);
    const asked = parseSimulation(r.body);
    if (asked.controllers !== undefined) throw new ControlValidationError('controllers', 'can only be chosen when the cluster is created');
    if (asked.timeScale !== undefined) sim.timers.setScale(asked.timeScale);
    Object.assign(sim.nodeLifecycle, asked.nodeLifecycle);
    describe(r);
  };

  const cutWatches = (r: ControlRequest) => {
    const cluster = clusterOf(r);
    const { mode, compact } = parseWatchCut(r.body);
    if (compact) cluster.api.compactHistory?.();
    sendJson(r.res, 200, { cut: faultInjectorOf(cluster).cutWatches(mode), mode, compacted: compact });
  };

  const removeCrashLoop = (r: ControlRequest) => {
    if (!simulation(r).crashLoops.remove(r.parts[3])) throw new ClusterRegistryError('NOT_FOUND', `crash loop ${r.parts[3]} not found in cluster ${r.parts[1]}`);
    describe(r);
  };

  return [
    route('POST', String.raw`\/faults`, (r) => setFaults(r, parseFaults(r.body, clusterOf(r).faults))),
    route('DELETE', String.raw`\/faults`, (r) => setFaults(r, noFaults())),
    route('POST', String.raw`\/watches\/cut`, cutWatches),
    route('GET', String.raw`\/simulation`, (r) => describe(r)),
    route('PATCH', String.raw`\/simulation`, setSimulation),
    route('POST', String.raw`\/nodes\/[^/]+\/down`, (r) => sendJson(r.res, 200, simulation(r).nodeDown(r.parts[3], parseNodeDown(r.body)))),
    route('POST', String.raw`\/nodes\/[^/]+\/up`, (r) => sendJson(r.res, 200, simulation(r).nodeUp(r.parts[3]))),
    route('GET', String.raw`\/crashloops`, (r) => sendJson(r.res, 200, { items: simulation(r).crashLoops.list() })),
    route('POST', String.raw`\/crashloops`, (r) => sendJson(r.res, 201, simulation(r).crashLoops.add(parseCrashLoop(r.body)))),
    route('DELETE', String.raw`\/crashloops`, (r) => (simulation(r).crashLoops.clear(), describe(r))),
    route('DELETE', String.raw`\/crashloops\/[^/]+`, removeCrashLoop),
  ];
}
