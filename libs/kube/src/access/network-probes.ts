// The connection test's first steps, below HTTP: name resolution, TCP connect, TLS handshake.
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { ClusterAccess } from './cluster-access';
import { classifyNetworkError, withDeadline } from './kube-request';

/** Where the API server listens. */
export interface Endpoint {
  /** Host name or IP as in the URL (brackets of an IPv6 literal removed). */
  host: string;
  port: number;
  tls: boolean;
  /** Address the name resolved to (the host itself for an IP). */
  address: string;
}

/** Host, port and scheme of the server URL. */
export function endpointOf(server: string): Endpoint {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const tls = url.protocol === 'https:';
  return { host, port: Number(url.port) || (tls ? 443 : 80), tls, address: host };
}

/** Resolves the host name; the detail names the addresses. */
export async function probeDns(endpoint: Endpoint, timeoutMs: number): Promise<{ endpoint: Endpoint; detail: string }> {
  if (isIP(endpoint.host)) return { endpoint, detail: `${endpoint.host} is an IP address: nothing to resolve` };
  try {
    const addresses = await withDeadline(lookup(endpoint.host, { all: true }), timeoutMs, `resolving ${endpoint.host}`);
    return { endpoint: { ...endpoint, address: addresses[0].address }, detail: `${endpoint.host} resolves to ${addresses.map((a) => a.address).join(', ')}` };
  } catch (error) {
    throw classifyNetworkError(error);
  }
}

/** Waits for `event` on a fresh socket, reads what `inspect` wants from it, and closes it. */
function settle<S extends Socket, T>(socket: S, opening: { event: string; timeoutMs: number; what: string }, inspect: (socket: S) => T): Promise<T> {
  const opened = new Promise<T>((resolve, reject) => {
    socket.once(opening.event, () => resolve(inspect(socket)));
    socket.once('error', reject);
  });
  return withDeadline(opened, opening.timeoutMs, opening.what)
    .catch((error: unknown) => {
      throw classifyNetworkError(error);
    })
    .finally(() => socket.destroy());
}

/** Opens (and closes) a TCP connection. */
export async function probeTcp(endpoint: Endpoint, timeoutMs: number): Promise<string> {
  const what = `connecting to ${endpoint.address}:${endpoint.port}`;
  return settle(tcpConnect({ host: endpoint.address, port: endpoint.port }), { event: 'connect', timeoutMs, what }, () => `connected to ${endpoint.address}:${endpoint.port}`);
}

function trustDetail(access: ClusterAccess, socket: TLSSocket): string {
  const subject = socket.getPeerCertificate()?.subject?.CN;
  const who = subject ? `certificate of ${subject}` : 'certificate';
  if (access.insecureSkipTlsVerify) return `${who} not verified (insecure-skip-tls-verify)`;
  return `${who} verified against ${access.caData ? 'the given CA' : 'the system roots'}`;
}

/** Completes a TLS handshake verifying the server certificate as the API calls will. */
export async function probeTls(endpoint: Endpoint, access: ClusterAccess, timeoutMs: number): Promise<string> {
  if (!endpoint.tls) return 'plain HTTP: no TLS';
  const servername = access.tlsServerName ?? (isIP(endpoint.host) ? undefined : endpoint.host);
  const socket = tlsConnect({
    host: endpoint.address,
    port: endpoint.port,
    servername,
    ca: access.caData ? Buffer.from(access.caData, 'base64') : undefined,
    rejectUnauthorized: access.insecureSkipTlsVerify !== true,
    // verify the name the calls will use (the URL's host or tls-server-name), not the resolved address
    checkServerIdentity: (_address: string, cert: PeerCertificate) => checkServerIdentity(servername ?? endpoint.host, cert),
  });
  const what = `TLS handshake with ${endpoint.host}:${endpoint.port}`;
  return settle(socket, { event: 'secureConnect', timeoutMs, what }, (opened) => trustDetail(access, opened));
}
