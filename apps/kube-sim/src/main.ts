import { loadConfig, runMain } from '@flotilla/common';
import { KubeSimConfig } from './kube-sim.config';
import { createKubeSimServer } from './kube-sim.server';

runMain(async () => {
  const config = loadConfig(KubeSimConfig);
  const server = createKubeSimServer();
  await new Promise<void>((resolve) => server.listen(config.KUBE_SIM_PORT, config.KUBE_SIM_HOST, resolve));
  const { port } = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ level: 30, service: 'kube-sim', msg: `kube-sim listening on http://${config.KUBE_SIM_HOST}:${port}` })}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
