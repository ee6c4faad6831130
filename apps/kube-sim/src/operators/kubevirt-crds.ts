// The kubevirt.io VirtualMachine and VirtualMachineInstance CRDs as virt-operator installs them
// (pkg/virt-operator/resource/generate/components/crds.go): served as v1 (storage) and the
// deprecated v1alpha3, short names, category "all", printer columns; only the VM has a status
// subresource (virt-handler writes a VMI's status with ordinary updates). Schemas from swagger.json.
import type { KubeObject } from '../apiserver/store';
import { KubevirtSchemaConverter, type SwaggerSchema } from './kubevirt-schema';

const CREATED = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const READY = { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" };

const VM_COLUMNS = [CREATED, { name: 'Status', description: 'Human Readable Status', type: 'string', jsonPath: '.status.printableStatus' }, READY];
const VMI_COLUMNS = [
  CREATED,
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'IP', type: 'string', jsonPath: '.status.interfaces[0].ipAddress' },
  { name: 'NodeName', type: 'string', jsonPath: '.status.nodeName' },
  READY,
  { name: 'Live-Migratable', type: 'string', jsonPath: ".status.conditions[?(@.type=='LiveMigratable')].status", priority: 1 },
  { name: 'Paused', type: 'string', jsonPath: ".status.conditions[?(@.type=='Paused')].status", priority: 1 },
];

interface KindSpec {
  kind: string;
  plural: string;
  shortNames: string[];
  columns: object[];
  statusSubresource: boolean;
}

function crd(converter: KubevirtSchemaConverter, spec: KindSpec): KubeObject {
  const schema = { openAPIV3Schema: converter.definition(`v1.${spec.kind}`) };
  const version = (name: string, storage: boolean) => ({
    name,
    served: true,
    storage,
    ...(storage ? {} : { deprecated: true, deprecationWarning: `kubevirt.io/${name} is now deprecated and will be removed in a future release.` }),
    schema,
    additionalPrinterColumns: spec.columns,
    ...(spec.statusSubresource ? { subresources: { status: {} } } : {}),
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.plural}.kubevirt.io`, labels: { 'kubevirt.io': '' } },
    spec: {
      group: 'kubevirt.io',
      names: { kind: spec.kind, listKind: `${spec.kind}List`, plural: spec.plural, singular: spec.kind.toLowerCase(), shortNames: spec.shortNames, categories: ['all'] },
      scope: 'Namespaced',
      versions: [version('v1', true), version('v1alpha3', false)],
    },
  };
}

/** The VirtualMachine and VirtualMachineInstance CRDs, from the definitions of KubeVirt's swagger.json. */
export function kubevirtCrds(swagger: { definitions: Record<string, SwaggerSchema> }): KubeObject[] {
  const converter = new KubevirtSchemaConverter(swagger.definitions);
  return [
    crd(converter, { kind: 'VirtualMachine', plural: 'virtualmachines', shortNames: ['vm', 'vms'], columns: VM_COLUMNS, statusSubresource: true }),
    crd(converter, { kind: 'VirtualMachineInstance', plural: 'virtualmachineinstances', shortNames: ['vmi', 'vmis'], columns: VMI_COLUMNS, statusSubresource: false }),
  ];
}
