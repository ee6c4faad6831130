// ClusterAccess from the token and client-certificate forms of the registration API.
import { CredentialType, type ClusterCredentialsDto } from '@flotilla/contracts';
import { checkCaBundle, checkClientPair, checkServer, checkToken } from './access-parts.util';
import type { ClusterAccess } from './cluster-access';
import { KubeAccessError } from './kube-access.error';
import { parseKubeconfig } from './kubeconfig.parser';

/** An API server URL, a bearer token and optionally the CA bundle its certificate chains to. */
export interface TokenCredentials {
  server: string;
  token: string;
  caBundle?: string;
}

/** An API server URL, a PEM client certificate with its key, and optionally a CA bundle. */
export interface ClientCertificateCredentials {
  server: string;
  clientCertificate: string;
  clientKey: string;
  caBundle?: string;
}

const field = (name: string) => ({ field: `credentials.${name}`, what: name });

function caData(caBundle: string | undefined): Pick<ClusterAccess, 'caData'> {
  return caBundle?.trim() ? { caData: checkCaBundle(caBundle, field('caBundle')) } : {};
}

/**
 * Access by bearer token. Throws {@link KubeAccessError} naming `credentials.server`,
 * `credentials.token` or `credentials.caBundle` when one is unusable.
 */
export function accessFromToken(credentials: TokenCredentials): ClusterAccess {
  const server = checkServer(credentials.server, field('server'), false);
  const token = checkToken(credentials.token, field('token'));
  return { server, ...caData(credentials.caBundle), token };
}

/**
 * Access by client certificate. Throws {@link KubeAccessError} naming `credentials.clientCertificate`
 * or `credentials.clientKey` when the PEM does not parse or the key is not the certificate's.
 */
export function accessFromClientCertificate(credentials: ClientCertificateCredentials): ClusterAccess {
  const server = checkServer(credentials.server, field('server'), false);
  const pair = checkClientPair({ certificate: credentials.clientCertificate ?? '', key: credentials.clientKey ?? '' }, field('clientCertificate'), field('clientKey'));
  return { server, ...caData(credentials.caBundle), ...pair };
}

/** Access from the credentials of a registration request, whichever their type. */
export function accessFromCredentials(dto: ClusterCredentialsDto): ClusterAccess {
  switch (dto.type) {
    case CredentialType.Kubeconfig:
      return parseKubeconfig(dto.kubeconfig ?? '', dto.context);
    case CredentialType.Token:
      return accessFromToken({ server: dto.server ?? '', token: dto.token ?? '', caBundle: dto.caBundle });
    case CredentialType.ClientCertificate:
      return accessFromClientCertificate({ server: dto.server ?? '', clientCertificate: dto.clientCertificate ?? '', clientKey: dto.clientKey ?? '', caBundle: dto.caBundle });
    default:
      throw new KubeAccessError('credentials.type', `credentials.type must be one of ${Object.values(CredentialType).join(', ')}`);
  }
}
