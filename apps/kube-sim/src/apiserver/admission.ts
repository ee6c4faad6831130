// Admission: the hook point between defaulting and storage on create and update, as kube-apiserver's
// mutating and validating admission chain. Plugins mutate `attrs.object` or throw an ApiError.
import type { ResourceType } from './resource-types';
import type { KubeObject } from './store';

/** What one admission call sees. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE';
  rt: ResourceType;
  /** The object about to be stored; mutating plugins change it in place. */
  object: KubeObject;
  /** The stored object, on UPDATE. */
  oldObject?: KubeObject;
  subresource?: string;
  dryRun: boolean;
}

/** One admission plugin: mutates the object and/or throws an ApiError (e.g. 403 Forbidden) to reject. */
export interface AdmissionPlugin {
  name: string;
  admit(attrs: AdmissionAttributes): void;
}

/** The ordered admission plugins of one API server (registration order; mutating ones first by convention). */
export class AdmissionChain {
  private readonly plugins: AdmissionPlugin[] = [];

  /** Adds a plugin; returns the function that removes it. */
  register(plugin: AdmissionPlugin): () => void {
    this.plugins.push(plugin);
    return () => {
      const index = this.plugins.indexOf(plugin);
      if (index >= 0) this.plugins.splice(index, 1);
    };
  }

  /** Runs every plugin in order; the first rejection wins. */
  admit(attrs: AdmissionAttributes): void {
    for (const plugin of [...this.plugins]) plugin.admit(attrs);
  }
}
