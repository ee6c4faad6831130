import { compileSelector, parseLabelSelector } from './selectors';
import { ApiError } from './status';
import type { KubeObject } from './store';

const pod = (labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject => ({ metadata: { name: 'p', namespace: 'ns', labels }, ...extra });

describe(compileSelector.name, () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['tier', false],
    ['!tier', true],
    ['app=web,env in (prod,dev),!tier', true],
  ])('label selector %s matches app=web,env=prod: %s', (selector, expected) => {
    expect(compileSelector(selector, null)(pod({ app: 'web', env: 'prod' }))).toBe(expected);
  });

  it('matches field selectors on name, namespace, nodeName and phase (absent = empty)', () => {
    const obj = pod({}, { spec: { nodeName: 'n1' }, status: { phase: 'Running' } });
    expect(compileSelector(null, 'metadata.name=p,metadata.namespace=ns,spec.nodeName=n1,status.phase=Running')(obj)).toBe(true);
    expect(compileSelector(null, 'status.phase!=Running')(obj)).toBe(false);
    expect(compileSelector(null, 'spec.nodeName=')(pod({}))).toBe(true);
  });

  it('matches event field selectors whose values hold slashes or escaped commas (kubectl events --for)', () => {
    const event: KubeObject = { metadata: { name: 'e', namespace: 'ns' }, involvedObject: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web' }, reason: 'a,b' };
    expect(compileSelector(null, 'involvedObject.kind=Deployment,involvedObject.apiVersion=apps/v1,involvedObject.name=web')(event)).toBe(true);
    expect(compileSelector(null, 'reason=a\\,b')(event)).toBe(true);
    expect(compileSelector(null, 'involvedObject.apiVersion=v1')(event)).toBe(false);
  });

  it('rejects unsupported fields and malformed selectors with 400', () => {
    expect(() => compileSelector(null, 'spec.containers=x')).toThrow(ApiError);
    expect(() => parseLabelSelector('app in web')).toThrow(/unable to parse/);
  });
});
