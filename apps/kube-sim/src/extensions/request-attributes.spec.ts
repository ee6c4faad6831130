import { requestAttributes } from './request-attributes';

const q = (text = '') => new URLSearchParams(text);

describe(requestAttributes.name, () => {
  it.each([
    ['GET', '/api/v1/namespaces/a/pods', '', { verb: 'list', resource: { group: '', resource: 'pods', namespace: 'a' } }],
    ['GET', '/api/v1/namespaces/a/pods/web-1', '', { verb: 'get', resource: { group: '', resource: 'pods', namespace: 'a', name: 'web-1' } }],
    ['GET', '/api/v1/namespaces/a/pods/web-1/log', '', { verb: 'get', resource: { group: '', resource: 'pods', namespace: 'a', name: 'web-1', subresource: 'log' } }],
    ['GET', '/api/v1/pods', 'watch=true', { verb: 'watch', resource: { group: '', resource: 'pods' } }],
    ['GET', '/api/v1/watch/namespaces/a/pods', '', { verb: 'watch', resource: { group: '', resource: 'pods', namespace: 'a' } }],
    ['POST', '/apis/apps/v1/namespaces/a/deployments', '', { verb: 'create', resource: { group: 'apps', resource: 'deployments', namespace: 'a' } }],
    ['PATCH', '/apis/apps/v1/namespaces/a/deployments/web/scale', '', { verb: 'patch', resource: { group: 'apps', resource: 'deployments', namespace: 'a', name: 'web', subresource: 'scale' } }],
    ['PUT', '/api/v1/nodes/n1', '', { verb: 'update', resource: { group: '', resource: 'nodes', name: 'n1' } }],
    ['DELETE', '/api/v1/namespaces/a/configmaps', '', { verb: 'deletecollection', resource: { group: '', resource: 'configmaps', namespace: 'a' } }],
    ['DELETE', '/api/v1/namespaces/a', '', { verb: 'delete', resource: { group: '', resource: 'namespaces', namespace: 'a', name: 'a' } }],
    ['PUT', '/api/v1/namespaces/a/finalize', '', { verb: 'update', resource: { group: '', resource: 'namespaces', namespace: 'a', name: 'a', subresource: 'finalize' } }],
    ['GET', '/version', '', { verb: 'get', path: '/version' }],
    ['GET', '/apis/apps/v1', '', { verb: 'get', path: '/apis/apps/v1' }],
  ])('%s %s?%s', (method, path, query, expected) => {
    const attributes = requestAttributes(method, path, q(query));
    expect(JSON.parse(JSON.stringify(attributes))).toEqual(expected);
  });
});
