// Test harness: a SimApiServer over plain HTTP with the built-in controllers and the operators
// running on short delays, and the client-node calls the operator specs share.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../apiserver/api-handler';
import { startSimHttp, type SimHttp } from '../../apiserver/testing/sim-http';
import { startControllers } from '../../controllers/start-controllers';
import { addReadyNode } from '../../controllers/testing.util';
import { installOperators, operatorControllers } from '../install-operators';

/** A running simulated cluster with operators and client-node APIs on it. */
export interface OperatorSim extends SimHttp {
  core: CoreV1Api;
  custom: CustomObjectsApi;
  /** Options of a merge-patch call. */
  mergePatch: ReturnType<typeof setHeaderOptions>;
  /** PUT to a path of the cluster (as virtctl calls subresources.kubevirt.io); resolves to the HTTP status and body. */
  put(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Milliseconds of one operator step in these tests (guest boot, provisioning). */
export const TEST_STEP_MS = 30;

/** Sends a request with the KubeConfig's credentials and TLS settings (client-node's applyToHTTPSOptions), as a raw REST client does. */
export async function requestWith(kc: KubeConfig, url: string, method: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const options: RequestOptions = { method, headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Starts a cluster with one big node (GPUs included) and the operators. */
export async function startOperatorSim(node: Record<string, string> = { cpu: '32', memory: '128Gi', 'nvidia.com/gpu': '8' }): Promise<OperatorSim> {
  const sut = await startSimHttp();
  installOperators(sut.sim);
  const stop = startControllers(sut.sim, { kubelet: { startDelayMs: 5 }, extra: operatorControllers({ stepDelayMs: TEST_STEP_MS }) });
  addReadyNode(sut.sim, 'worker-1', node);
  const close = async () => {
    stop();
    await sut.close();
  };
  const put = (path: string, body?: unknown) => requestWith(sut.kubeConfig, `${sut.url}${path}`, 'PUT', body);
  return { ...sut, close, put, mergePatch: setHeaderOptions('Content-Type', PatchStrategy.MergePatch), core: sut.kubeConfig.makeApiClient(CoreV1Api), custom: sut.kubeConfig.makeApiClient(CustomObjectsApi) };
}

/** The Status body and HTTP code of a client-node call expected to fail. */
export { failureOf } from '../../apiserver/testing/sim-http';

/** A field of an object's status. */
export function statusOf(obj: unknown): Record<string, unknown> {
  return ((obj as KubeObject | undefined)?.status ?? {}) as Record<string, unknown>;
}
