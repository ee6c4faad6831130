// kube-sim in the test process, for the registry's integration specs: the Kubernetes API the
// registry talks to, with clusters of any flavour and faults on demand. Apps never import apps; this
// test-only helper is a deliberate exception, like test/support/platform.ts: kube-sim is the cluster
// behind the tests, and running it in-process lets a spec create clusters and inject faults directly.
/* eslint-disable @nx/enforce-module-boundaries */
import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeSimConfig, startKubeSim, type KubeSim, type SimCluster } from '@flotilla/app-kube-sim';

export type { SimCluster };

/** A node of a test cluster: default name `<cluster>-node-<n>`, capacity 4 cpu / 16Gi / 110 pods. */
export interface TestNode {
  name?: string;
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
}

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

let counter = 0;

/** Starts kube-sim on a free port with its own data directory (removed on close). */
export async function startTestKubeSim(): Promise<TestKubeSim> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-registry-sim-'));
  const config = Object.assign(new KubeSimConfig(), {
    KUBE_SIM_PORT: 0,
    KUBE_SIM_DATA_DIR: dataDir,
    KUBE_SIM_ADVERTISE_HOST: '127.0.0.1',
    KUBE_SIM_DEFAULT_CLUSTER: false,
  });
  const sim = await startKubeSim(config);
  return {
    sim,
    caBundle: sim.pki.caCertPem,
    async cluster(flavour = 'vanilla', nodes: TestNode[] = [{}, {}]) {
      const name = `c${++counter}-${Date.now().toString(36)}`;
      const specs = nodes.map((node, index) => ({
        name: node.name ?? `${name}-node-${index + 1}`,
        capacity: node.capacity ?? { cpu: '4', memory: '16Gi', pods: '110' },
        labels: node.labels ?? {},
      }));
      return sim.registry.create({ name, flavour: flavour as never, nodes: specs });
    },
    kubeconfig: (cluster) => sim.registry.kubeconfig(cluster),
    async close() {
      await sim.close().catch(async (error: unknown) => {
        // Node 20's https server trips in closeIdleConnections over a connection kube-sim reset for an
        // "unreachable" fault (its parser is gone, its list entry is not); close the listener itself
        if (!(error instanceof TypeError)) throw error;
        await new Promise<void>((resolve) => Server.prototype.close.call(sim.server, () => resolve()));
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
