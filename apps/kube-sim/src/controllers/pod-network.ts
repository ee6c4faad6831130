// The pod network of a cluster's kubelets: one 10.244.<n>.0/24 per node (in order of first sight)
// and the pod IPs in use, counted from pod changes as they happen, so handing out an address looks
// at the node's range only, never at every pod.
import type { StoreEvent } from '../apiserver/api-handler';

const podIpOf = (obj: StoreEvent['object'] | undefined) => (obj?.status as { podIP?: string } | undefined)?.podIP;

/** Node CIDRs and the pod IPs in use (a count per address: two pods may report the same one). */
export class PodNetwork {
  private readonly cidrIndex = new Map<string, number>();
  private readonly inUse = new Map<string, number>();

  /** Follows a pod change: the address it held is released, the one it holds counted. */
  observe(event: StoreEvent): void {
    const before = event.type === 'ADDED' ? undefined : podIpOf(event.previous ?? event.object);
    const after = event.type === 'DELETED' ? undefined : podIpOf(event.object);
    if (before === after) return;
    if (before) this.release(before);
    if (after) this.inUse.set(after, (this.inUse.get(after) ?? 0) + 1);
  }

  /** The lowest free address of the node's range (.2 to .254; .254 when all are taken). */
  ip(nodeName: string): string {
    if (!this.cidrIndex.has(nodeName)) this.cidrIndex.set(nodeName, this.cidrIndex.size);
    const prefix = `10.244.${this.cidrIndex.get(nodeName)}.`;
    for (let host = 2; host < 255; host++) if (!this.inUse.has(`${prefix}${host}`)) return `${prefix}${host}`;
    return `${prefix}254`;
  }

  private release(ip: string): void {
    const count = (this.inUse.get(ip) ?? 0) - 1;
    if (count > 0) this.inUse.set(ip, count);
    else this.inUse.delete(ip);
  }
}
