// virt-api's validating webhook for VirtualMachines, the part that guards the run strategy
// (pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go): one of runStrategy or the
// deprecated running, never both, and a run strategy KubeVirt knows. Denials read as kube-apiserver
// relays a webhook's: 422 Invalid with the causes.
import type { AdmissionPlugin } from '../apiserver/admission';
import { typeKey } from '../apiserver/resource-types';
import { ApiError, type StatusCause } from '../apiserver/status';
import { VM_TYPE } from './kubevirt-vm.controller';

const WEBHOOK = 'virtualmachine-validator.kubevirt.io';
const RUN_STRATEGIES = ['Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once'];

const invalid = (field: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message });

function runStrategyCauses(spec: { running?: unknown; runStrategy?: unknown }): StatusCause[] {
  if (spec.running !== undefined && spec.runStrategy !== undefined) {
    return [invalid('spec.running', 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead')];
  }
  if (spec.running === undefined && spec.runStrategy === undefined) return [invalid('spec.running', 'RunStrategy must be specified')];
  if (spec.runStrategy !== undefined && !RUN_STRATEGIES.includes(String(spec.runStrategy))) return [invalid('spec.runStrategy', `Invalid RunStrategy (${String(spec.runStrategy)})`)];
  return [];
}

/** The VirtualMachine validating webhook, as an admission plugin (after the CRD schema has passed). */
export const virtualMachineValidator: AdmissionPlugin = {
  name: WEBHOOK,
  admit({ rt, object, subresource }) {
    if (typeKey(rt) !== VM_TYPE || subresource === 'status' || object.metadata.deletionTimestamp) return;
    const causes = runStrategyCauses((object.spec ?? {}) as { running?: unknown; runStrategy?: unknown });
    if (causes.length === 0) return;
    const name = object.metadata.name ?? '';
    const message = `admission webhook "${WEBHOOK}" denied the request: ${causes.map((c) => c.message).join(', ')}`;
    throw new ApiError(422, 'Invalid', message, { name, group: 'kubevirt.io', kind: 'VirtualMachine', causes });
  },
};
