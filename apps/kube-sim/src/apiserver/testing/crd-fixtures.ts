import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { defaultSchemaDir } from '../../openapi/openapi.documents';
import type { KubeObject } from '../store';

/** Path of a real upstream CRD file kept in apps/kube-sim/schemas (see SOURCES.md there). */
export function crdPath(file: 'cnpg-clusters.yaml.gz' | 'strimzi-040-Crd-kafka.yaml.gz'): string {
  return join(defaultSchemaDir(join(__dirname, '..', '..', 'openapi')), file);
}

/** A real upstream CRD, parsed (the files hold one document each). */
export function loadCrd(file: 'cnpg-clusters.yaml.gz' | 'strimzi-040-Crd-kafka.yaml.gz'): KubeObject {
  return parse(gunzipSync(readFileSync(crdPath(file))).toString('utf8')) as KubeObject;
}
