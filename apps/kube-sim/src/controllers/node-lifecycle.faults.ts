// Which simulated kubelets are down: a down node stops renewing its Lease and posting status, and its
// pods are left as they are, until it is brought up (by the control API or a successful recovery).

/** How a node goes down. */
export interface NodeDownOptions {
  /** The recovery attempt (1-based) that brings the node back; absent: every attempt fails. */
  recoverOnAttempt?: number;
}

/** A down node as the control API shows it. */
export interface DownNode extends NodeDownOptions {
  name: string;
  /** Simulated time it went down (epoch ms). */
  since: number;
}

/** The down kubelets of one cluster. */
export class NodeFaults {
  private readonly down = new Map<string, DownNode>();

  /** Whether the node's kubelet is down. */
  isDown(name: string): boolean {
    return this.down.has(name);
  }

  /** The down node's options, if it is down. */
  get(name: string): DownNode | undefined {
    return this.down.get(name);
  }

  /** Stops the node's kubelet (idempotent: a node already down keeps its first time). */
  markDown(name: string, options: NodeDownOptions, now: number): DownNode {
    const entry = { ...this.down.get(name), name, since: this.down.get(name)?.since ?? now, ...options };
    this.down.set(name, entry);
    return entry;
  }

  /** Lets the node's kubelet run again; true when it was down. */
  markUp(name: string): boolean {
    return this.down.delete(name);
  }

  /** Every down node, by name. */
  list(): DownNode[] {
    return [...this.down.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
