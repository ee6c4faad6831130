// The CustomResourceDefinitions of the operators every simulated cluster runs, from the upstream
// files vendored in apps/kube-sim/schemas (see SOURCES.md there): CNPG, Strimzi, Cluster API and
// Kubeflow as their CRD yaml, KubeVirt derived from its swagger.json. Read once per process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { KubeObject } from '../apiserver/store';
import { defaultSchemaDir } from '../openapi/openapi.documents';
import { kubevirtCrds } from './kubevirt-crds';
import { parseYamlGz } from './parsed-file.cache';

/** The upstream CRD yaml files installed as they are. */
export const CRD_FILES = ['cnpg-clusters.yaml.gz', 'strimzi-040-Crd-kafka.yaml.gz', 'capi-clusters.yaml.gz', 'kubeflow-notebooks.yaml.gz'] as const;
const KUBEVIRT_SWAGGER = 'kubevirt-swagger.json.gz';

let cached: readonly KubeObject[] | undefined;

/** Every operator CRD (parsed on first use, then shared: the API machinery copies what it stores). */
export function operatorCrds(dir: string = defaultSchemaDir()): readonly KubeObject[] {
  if (cached) return cached;
  const fromYaml = CRD_FILES.map((file) => parseYamlGz(join(dir, file)) as KubeObject);
  const kubevirt = kubevirtCrds(JSON.parse(gunzipSync(readFileSync(join(dir, KUBEVIRT_SWAGGER))).toString('utf8')));
  cached = Object.freeze([...kubevirt, ...fromYaml]);
  return cached;
}
