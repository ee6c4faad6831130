import { loadConfig, runMain } from '@flotilla/common';
import { KubeSimConfig } from './kube-sim.config';
import { DEFAULT_CLUSTER, startKubeSim } from './kube-sim.server';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), service: 'kube-sim', msg, ...fields })}\n`);
}

runMain(async () => {
  const config = loadConfig(KubeSimConfig);
  const sim = await startKubeSim(config);
  log(`kube-sim listening on ${sim.url}`, { caFingerprint: sim.pki.caFingerprint, controlApi: `${sim.url}/_sim/clusters` });
  const cluster = sim.registry.find(DEFAULT_CLUSTER);
  if (cluster) log(`cluster ${cluster.name} at ${cluster.server}; kubeconfig: ${cluster.kubeconfigPath}`, { kubeconfig: cluster.kubeconfigPath });
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
