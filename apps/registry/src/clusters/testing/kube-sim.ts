// kube-sim in the test process, for the registry's integration specs: the Kubernetes API the
// registry talks to, with clusters of any flavour and faults on demand. Apps never import apps; this
// test-only helper is a deliberate exception, like test/support/platform.ts: kube-sim is the cluster
// behind the tests, and running it in-process lets a spec create clusters and inject faults directly.
/* eslint-disable @nx/enforce-module-boundaries */
import { startSimUnderTest, type TestNode } from '@flotilla/app-kube-sim/testing';
import type { FlavourName, KubeSim, SimCluster } from '@flotilla/app-kube-sim';

export type { SimCluster, TestNode };

/** A kube-sim of the test run, with helpers to make clusters. */
export interface TestKubeSim {
  sim: KubeSim;
  /** PEM of kube-sim's CA (what a token + CA registration sends as caBundle). */
  caBundle: string;
  /** Creates a cluster of `flavour` with `nodes` nodes of the default capacity (or the given ones). */
  cluster(flavour?: string, nodes?: TestNode[]): Promise<SimCluster>;
  kubeconfig(cluster: SimCluster): string;
  close(): Promise<void>;
}

/** Starts kube-sim on a free port with its own data directory (removed on close). */
export async function startTestKubeSim(): Promise<TestKubeSim> {
  const harness = await startSimUnderTest();
  const { sim } = harness;
  return {
    sim,
    caBundle: sim.pki.caCertPem,
    cluster: (flavour = 'vanilla', nodes) => harness.cluster(flavour as FlavourName, nodes),
    kubeconfig: (cluster) => sim.registry.kubeconfig(cluster),
    close: () => harness.close(),
  };
}
