import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { JsonSchema } from '../apiserver/crd-schema';
import type { KubeObject } from '../apiserver/store';
import { operatorCrds } from './crd-catalog';
import { parseYamlGz } from './parsed-file.cache';

type Version = { name: string; served: boolean; storage: boolean; subresources?: object; additionalPrinterColumns?: { name: string }[]; schema: { openAPIV3Schema: JsonSchema } };
const crdSpec = (crd: KubeObject) => crd.spec as { group: string; names: { shortNames?: string[] }; versions: Version[] };
const byName = (name: string) => operatorCrds().find((crd) => crd.metadata.name === name) as KubeObject;

describe(operatorCrds.name, () => {
  it('has every operator CRD, the upstream files as they are', () => {
    expect(operatorCrds().map((crd) => crd.metadata.name)).toEqual([
      'virtualmachines.kubevirt.io',
      'virtualmachineinstances.kubevirt.io',
      'clusters.postgresql.cnpg.io',
      'kafkas.kafka.strimzi.io',
      'clusters.cluster.x-k8s.io',
      'notebooks.kubeflow.org',
    ]);
    expect(crdSpec(byName('clusters.cluster.x-k8s.io')).versions.map((v) => [v.name, v.storage])).toEqual([
      ['v1beta1', false],
      ['v1beta2', true],
    ]);
  });

  it('derives the KubeVirt CRDs from swagger.json as virt-operator generates them', () => {
    const vm = crdSpec(byName('virtualmachines.kubevirt.io'));
    const vmi = crdSpec(byName('virtualmachineinstances.kubevirt.io'));
    expect(vm.names.shortNames).toEqual(['vm', 'vms']);
    expect(vmi.names.shortNames).toEqual(['vmi', 'vmis']);
    expect(vm.versions.map((v) => [v.name, v.storage, v.subresources])).toEqual([
      ['v1', true, { status: {} }],
      ['v1alpha3', false, { status: {} }],
    ]);
    expect(vmi.versions[0].subresources).toBeUndefined();
    expect(vm.versions[0].additionalPrinterColumns?.map((c) => c.name)).toEqual(['Age', 'Status', 'Ready']);
    const schema = vm.versions[0].schema.openAPIV3Schema;
    const domain = schema.properties?.spec.properties?.template.properties?.spec.properties?.domain;
    expect(domain?.properties?.resources.properties?.requests.additionalProperties).toMatchObject({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(schema.properties?.spec.required).toEqual(['template']);
    expect(JSON.stringify(schema)).not.toContain('$ref');
  });
});

describe(parseYamlGz.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'yaml-cache-'));
  const file = join(dir, 'doc.yaml.gz');
  const cacheDir = join(tmpdir(), `flotilla-kube-sim-${userInfo().uid}`);

  it('parses a gzipped YAML file, and again from the cache with the same result', () => {
    writeFileSync(file, gzipSync(`kind: Doc\nitems: [1, two]\nnonce: ${Math.random()}\n`));
    const first = parseYamlGz(file);
    const cachedBefore = readdirSync(cacheDir).length;
    expect(parseYamlGz(file)).toEqual(first);
    expect(readdirSync(cacheDir).length).toBe(cachedBefore);
    expect(first).toMatchObject({ kind: 'Doc', items: [1, 'two'] });
  });
});
