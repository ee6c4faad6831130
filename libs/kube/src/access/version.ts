import type { KubeConfig } from '@kubernetes/client-node';
import { ConnectionFailureReason } from '@flotilla/contracts';
import { expectOk, kubeRequest, KubeRequestError } from './kube-request';

/** The parts of /version Flotilla reads. */
export interface ServerVersion {
  gitVersion: string;
  major: string;
  minor: string;
}

/** GET /version within `timeoutMs`; throws {@link KubeRequestError} when it fails or says no gitVersion. */
export async function readVersion(kubeConfig: KubeConfig, timeoutMs: number): Promise<ServerVersion> {
  const body = expectOk(await kubeRequest<Partial<ServerVersion>>(kubeConfig, { path: '/version', timeoutMs }), 'GET /version');
  if (typeof body?.gitVersion !== 'string') throw new KubeRequestError(ConnectionFailureReason.UnexpectedResponse, '/version answered without a gitVersion');
  return { gitVersion: body.gitVersion, major: String(body.major ?? ''), minor: String(body.minor ?? '') };
}
