// The operators of a simulated cluster: their CRDs installed through the API (so kubectl sees them
// like any other), KubeVirt's webhook and subresource API, and the controllers that move the custom
// resources' status the way the real operators do.
import type { SimApiServer } from '../apiserver/api-handler';
import { CRD_TYPE_KEY } from '../apiserver/crd';
import type { ControllerSpec } from '../controllers/reconcile-loop';
import { capiClusterController } from './capi.controller';
import { cnpgController } from './cnpg.controller';
import { operatorCrds } from './crd-catalog';
import { kafkaController } from './kafka.controller';
import { virtualMachineValidator } from './kubevirt-admission';
import { serveKubevirtSubresource, subresourceTypes } from './kubevirt-subresources.api';
import { vmController } from './kubevirt-vm.controller';
import { vmiController } from './kubevirt-vmi.controller';
import { notebookController } from './notebook.controller';

/** Timings of the simulated operators. */
export interface OperatorOptions {
  /**
   * One step of work the operators do outside the cluster: a guest booting or shutting down once
   * its pod runs, Cluster API infrastructure being provisioned. Default 2000 ms.
   */
  stepDelayMs?: number;
}

/** The operators' controllers, for startControllers' `extra`. */
export function operatorControllers(options: OperatorOptions = {}): ((api: SimApiServer) => ControllerSpec)[] {
  const stepDelayMs = options.stepDelayMs ?? 2000;
  return [vmController, vmiController({ stepDelayMs }), cnpgController, notebookController, kafkaController, capiClusterController(stepDelayMs)];
}

/** Installs the operators' CRDs (those not there yet), KubeVirt's VM webhook and its subresources.kubevirt.io API. */
export function installOperators(api: SimApiServer): void {
  for (const crd of operatorCrds()) {
    if (!api.get(CRD_TYPE_KEY, undefined, crd.metadata.name ?? '')) api.create(crd);
  }
  api.registerAdmission(virtualMachineValidator);
  api.resourceTypes.push(...subresourceTypes());
  api.extensions.register((call) => serveKubevirtSubresource(call, api));
}

/** The operator settings of the simulator's config. */
export interface OperatorConfig {
  KUBE_SIM_OPERATORS: boolean;
  KUBE_SIM_OPERATOR_STEP_MS: number;
}

/** What a cluster factory adds for the operators: their controllers, and the install step for each new cluster (none when turned off). */
export function operatorsFor(config: OperatorConfig): { controllers: ((api: SimApiServer) => ControllerSpec)[]; install<T extends SimApiServer>(api: T): T } {
  if (!config.KUBE_SIM_OPERATORS) return { controllers: [], install: (api) => api };
  const install = <T extends SimApiServer>(api: T): T => {
    installOperators(api);
    return api;
  };
  return { controllers: operatorControllers({ stepDelayMs: config.KUBE_SIM_OPERATOR_STEP_MS }), install };
}
