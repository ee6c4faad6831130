// What most clusters integration specs run against: kube-sim, the registry on a database of its own,
// and a NATS client that calls it, started together and stopped in reverse order.
import type { StartedService } from '@flotilla/common';
import { startTestKubeSim, type TestKubeSim } from './kube-sim';
import { RegistryClient, scratchDatabase, startRegistry, testKeys } from './registry-harness';

/** The running pieces of a clusters spec. */
export interface RegistryUnderTest {
  kube: TestKubeSim;
  databaseUrl: string;
  service: StartedService;
  sut: RegistryClient;
  close(): Promise<void>;
}

/** Starts kube-sim, a scratch database and the registry (fresh keys, plus `env`), and a client. */
export async function startRegistryUnderTest(env: Record<string, string> = {}): Promise<RegistryUnderTest> {
  const kube = await startTestKubeSim();
  const database = await scratchDatabase();
  const service = await startRegistry(database.url, { FLOTILLA_REGISTRY_KEYS: testKeys(), ...env });
  const sut = await RegistryClient.connect();
  return {
    kube,
    databaseUrl: database.url,
    service,
    sut,
    async close() {
      await sut.close();
      await service.app.close();
      await database.drop();
      await kube.close();
    },
  };
}
