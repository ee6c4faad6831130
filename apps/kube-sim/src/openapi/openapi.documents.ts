// The real upstream OpenAPI documents kube-sim serves (apps/kube-sim/schemas, see SOURCES.md there):
// the v2 swagger as is, the v3 per-group-version files where upstream ships them, and for the other
// group-versions a v3 document derived from the v2 definitions (enough for explain and validation).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const V2_FILE = 'k8s-swagger-v2.json.gz';
const V3_FILES: Readonly<Record<string, string>> = {
  'api/v1': 'k8s-v1.35-api__v1_openapi.json.gz',
  'apis/apps/v1': 'k8s-v1.35-apis__apps__v1_openapi.json.gz',
  'apis/apiextensions.k8s.io/v1': 'k8s-v1.35-apis__apiextensions.k8s.io__v1_openapi.json.gz',
  'apis/coordination.k8s.io/v1': 'k8s-v1.35-apis__coordination.k8s.io__v1_openapi.json.gz',
};

interface SwaggerV2 {
  info: unknown;
  paths: Record<string, unknown>;
  definitions: Record<string, unknown>;
}

/**
 * Finds apps/kube-sim/schemas from this file's directory: src/openapi in the sources and
 * dist/apps/kube-sim/src/openapi after the build (which copies the schemas beside it), with the
 * source tree as a fallback when dist was built without them.
 */
export function defaultSchemaDir(from: string = __dirname): string {
  const candidates = [join(from, '..', '..', 'schemas')];
  const distMarker = `${join('dist', 'apps', 'kube-sim')}`;
  const at = from.lastIndexOf(distMarker);
  if (at >= 0) candidates.push(join(from.slice(0, at), 'apps', 'kube-sim', 'schemas'));
  return candidates.find((dir) => existsSync(join(dir, V2_FILE))) ?? candidates[0];
}

/** The OpenAPI documents, read lazily from gzipped files and cached as serialized JSON. */
export class OpenApiDocuments {
  private readonly cache = new Map<string, Buffer>();
  private swagger?: SwaggerV2;

  constructor(private readonly dir: string = defaultSchemaDir()) {}

  /** The /openapi/v2 document. */
  v2(): Buffer {
    return this.cached('v2', () => gunzipSync(readFileSync(join(this.dir, V2_FILE))));
  }

  /** Whether a v3 document exists for a group-version path such as `api/v1` or `apis/apps/v1`. */
  hasV3(gvPath: string): boolean {
    if (V3_FILES[gvPath]) return true;
    const prefix = `/${gvPath}/`;
    return Object.keys(this.v2Json().paths).some((path) => path.startsWith(prefix));
  }

  /** The /openapi/v3/<gvPath> document, or undefined when there is none. */
  v3(gvPath: string): Buffer | undefined {
    if (!this.hasV3(gvPath)) return undefined;
    const file = V3_FILES[gvPath];
    if (file) return this.cached(`v3:${gvPath}`, () => gunzipSync(readFileSync(join(this.dir, file))));
    return this.cached(`v3:${gvPath}`, () => Buffer.from(JSON.stringify(this.derivedV3(gvPath))));
  }

  /** A stable content hash for a v3 document's URL (the documents never change while running). */
  v3Hash(gvPath: string): string {
    return createHash('sha512')
      .update(`${V3_FILES[gvPath] ?? V2_FILE}:${gvPath}`)
      .digest('hex')
      .toUpperCase();
  }

  private v2Json(): SwaggerV2 {
    this.swagger ??= JSON.parse(this.v2().toString('utf8')) as SwaggerV2;
    return this.swagger;
  }

  private derivedV3(gvPath: string): unknown {
    const swagger = this.v2Json();
    const prefix = `/${gvPath}/`;
    const paths = Object.fromEntries(Object.entries(swagger.paths).filter(([path]) => path.startsWith(prefix)));
    const document = { openapi: '3.0.0', info: swagger.info, paths, components: { schemas: swagger.definitions } };
    return JSON.parse(JSON.stringify(document).replaceAll('"#/definitions/', '"#/components/schemas/'));
  }

  private cached(key: string, load: () => Buffer): Buffer {
    let value = this.cache.get(key);
    if (!value) {
      value = load();
      this.cache.set(key, value);
    }
    return value;
  }
}
