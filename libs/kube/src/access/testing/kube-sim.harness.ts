/* eslint-disable @nx/enforce-module-boundaries -- integration tests of libs/kube run kube-sim in-process, as the e2e suite does */
// kube-sim in-process for libs/kube integration tests: clusters of any flavour and their accesses.
import type { FlavourName, KubeSim, NodeSpec, SimCluster } from '@flotilla/app-kube-sim';
import { startSimUnderTest } from '@flotilla/app-kube-sim/testing';
import type { ClusterAccess } from '../cluster-access';

/** A running simulator with helpers. */
export interface SimHarness {
  sim: KubeSim;
  /** Base64 of the simulator's CA certificate (certificate-authority-data). */
  caData: string;
  /** Creates a cluster with a unique name; nodes default to three of 4 cpu / 16Gi. */
  cluster(flavour: FlavourName, nodes?: Partial<NodeSpec>[], name?: string): Promise<SimCluster>;
  /** The access an owner of the cluster's kubeconfig has. */
  accessOf(cluster: SimCluster): ClusterAccess;
  /** Calls the simulator's control API (/_sim/...) with its admin token; resolves with the status. */
  control(method: string, path: string, body?: unknown): Promise<number>;
  close(): Promise<void>;
}

/** Starts kube-sim on a free port with its own data directory, no default cluster and quick kubelets. */
export async function startSimHarness(): Promise<SimHarness> {
  const harness = await startSimUnderTest({ KUBE_SIM_KUBELET_START_DELAY_MS: 20 });
  const { sim } = harness;
  const caData = Buffer.from(sim.pki.caCertPem).toString('base64');
  return {
    sim,
    caData,
    cluster: (flavour, nodes = [{}, {}, {}], name) => harness.cluster(flavour, nodes, name),
    accessOf: (cluster) => ({ server: cluster.server, caData, token: cluster.token }),
    control: async (method, path, body) => (await harness.control(method, path, body)).status,
    close: () => harness.close(),
  };
}
