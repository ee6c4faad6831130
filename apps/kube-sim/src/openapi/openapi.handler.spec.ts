import type { IncomingMessage, ServerResponse } from 'node:http';
import { builtinResourceTypes } from '../apiserver/resource-types';
import { OpenApiDocuments } from './openapi.documents';
import { serveOpenApi } from './openapi.handler';

function call(path: string, accept?: string): { status: number; body: string } {
  const out = { status: 0, body: '' };
  const res = {
    writeHead: (status: number) => ((out.status = status), res),
    end: (body: Buffer | string) => void (out.body = body.toString()),
  } as unknown as ServerResponse;
  const req = { method: 'GET', headers: { accept } } as IncomingMessage;
  serveOpenApi(req, res, path, { documents, prefix: '/clusters/c1', types: builtinResourceTypes() });
  return out;
}

const documents = new OpenApiDocuments();

describe(serveOpenApi.name, () => {
  it('serves the upstream v2 document as JSON and 406 to protobuf-only requests', () => {
    expect(call('/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf').status).toBe(406);
    const v2 = call('/openapi/v2', 'application/json');
    expect(v2.status).toBe(200);
    expect(JSON.parse(v2.body).definitions['io.k8s.api.core.v1.Pod']).toBeDefined();
  });

  it('lists v3 group-versions with prefixed server-relative URLs and serves each', () => {
    const root = JSON.parse(call('/openapi/v3').body);
    expect(root.paths['api/v1'].serverRelativeURL).toMatch(/^\/clusters\/c1\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    expect(root.paths['apis/apps/v1']).toBeDefined();
    expect(JSON.parse(call('/openapi/v3/apis/apps/v1').body).components.schemas['io.k8s.api.apps.v1.Deployment']).toBeDefined();
    const rbac = JSON.parse(call('/openapi/v3/apis/rbac.authorization.k8s.io/v1').body);
    expect(rbac.components.schemas['io.k8s.api.rbac.v1.Role'].properties.rules.items.$ref).toBe('#/components/schemas/io.k8s.api.rbac.v1.PolicyRule');
    expect(call('/openapi/v3/apis/nope.example.com/v1').status).toBe(404);
  });
});
