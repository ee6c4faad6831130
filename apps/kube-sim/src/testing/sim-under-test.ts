// kube-sim in the test process: the Kubernetes API that specs outside apps/kube-sim (the registry's
// integration specs, libs/kube's, the e2e suite) and kube-sim's own kubectl specs run against. One
// simulator per suite, on a free port with a data directory of its own (removed on close); clusters
// of any flavour are created in it, each with the kubeconfig a user of it would hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { FlavourName } from '../flavours/flavour';
import { KubeSimConfig } from '../kube-sim.config';
import { startKubeSim, type KubeSim } from '../kube-sim.server';
import type { SimCluster } from '../server/cluster.registry';

/** A node of a test cluster: default name `<cluster>-node-<n>`, kube-sim's default capacity (4 cpu / 16Gi / 110 pods). */
export interface TestNode {
  name?: string;
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A running kube-sim of a test suite. */
export interface SimUnderTest {
  sim: KubeSim;
  /** The simulator's data directory (kubeconfigs/ is in it); a spec may put scratch files there too. */
  dataDir: string;
  /** Creates a cluster (a unique name unless given; two nodes unless given) and writes its kubeconfig. */
  cluster(flavour: FlavourName, nodes?: TestNode[], name?: string): Promise<SimCluster>;
  /** A client-node KubeConfig from the kubeconfig kube-sim wrote for `cluster`. */
  kubeConfig(cluster: SimCluster): KubeConfig;
  /** Calls kube-sim's control API (`/_sim<path>`) as its admin, on a connection of its own. */
  control(method: string, path: string, body?: unknown): Promise<ControlAnswer>;
  close(): Promise<void>;
}

/** What the control API answered. */
export interface ControlAnswer {
  status: number;
  json(): Record<string, unknown>;
}

function control(sim: KubeSim, call: { method: string; path: string; body?: unknown }): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${sim.adminToken}`, 'content-type': 'application/json' };
    const req = request(`${sim.url}/_sim${call.path}`, { method: call.method, ca: sim.pki.caCertPem, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: () => JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(call.body === undefined ? undefined : JSON.stringify(call.body));
  });
}

let sequence = 0;

/**
 * Starts kube-sim on a free port, advertised as 127.0.0.1, with a fresh data directory and no default
 * cluster; `settings` override any of that or set other KUBE_SIM_* values (short delays, faults, operators).
 */
export async function startSimUnderTest(settings: Partial<KubeSimConfig> = {}): Promise<SimUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-sim-test-'));
  const config = Object.assign(new KubeSimConfig(), { KUBE_SIM_PORT: 0, KUBE_SIM_DATA_DIR: dataDir, KUBE_SIM_ADVERTISE_HOST: '127.0.0.1', KUBE_SIM_DEFAULT_CLUSTER: false }, settings);
  const sim = await startKubeSim(config);
  return {
    sim,
    dataDir,
    cluster(flavour, nodes = [{}, {}], name = `${flavour}-${process.pid}-${++sequence}`) {
      const specs = nodes.map((node, index) => ({ name: node.name ?? `${name}-node-${index + 1}`, capacity: node.capacity ?? {}, labels: node.labels ?? {} }));
      return sim.registry.create({ name, flavour, nodes: specs });
    },
    kubeConfig(cluster) {
      const kc = new KubeConfig();
      kc.loadFromString(sim.registry.kubeconfig(cluster));
      return kc;
    },
    control: (method, path, body) => control(sim, { method, path, body }),
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
