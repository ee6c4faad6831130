import { SimApiServer, type KubeObject } from '../apiserver/api-handler';
import { recordEvent, type EventInput } from './event-recorder';

const BACKOFF: EventInput = { reason: 'BackOff', message: 'Back-off restarting failed container app', type: 'Warning', component: 'kubelet', host: 'node-1' };

describe(recordEvent.name, () => {
  let now: number;
  let api: SimApiServer;
  let pod: KubeObject;
  const events = () => api.list('events', 'default');
  const later = (seconds: number) => {
    now += seconds * 1000;
  };

  beforeEach(() => {
    now = Date.parse('2026-03-01T10:00:00Z');
    api = new SimApiServer({ clock: () => new Date(now) });
    pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
  });

  it('counts a repeated identical event into the Event already stored', () => {
    recordEvent(api, pod, BACKOFF);
    const [first] = events();
    later(30);
    recordEvent(api, pod, BACKOFF);
    later(45);
    recordEvent(api, pod, BACKOFF);
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({
      metadata: { name: first.metadata.name, uid: first.metadata.uid },
      count: 3,
      firstTimestamp: '2026-03-01T10:00:00Z',
      lastTimestamp: '2026-03-01T10:01:15Z',
      message: BACKOFF.message,
      source: { component: 'kubelet', host: 'node-1' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid },
    });
    expect(first.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
  });

  it('keeps events apart that differ in message, reason, type, source or object', () => {
    const other = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'default' }, spec: { containers: [{ name: 'db', image: 'postgres' }] } });
    recordEvent(api, pod, BACKOFF);
    recordEvent(api, pod, { ...BACKOFF, message: 'Back-off pulling image "nginx"' });
    recordEvent(api, pod, { ...BACKOFF, reason: 'Failed' });
    recordEvent(api, pod, { ...BACKOFF, type: 'Normal' });
    recordEvent(api, pod, { ...BACKOFF, host: 'node-2' });
    recordEvent(api, other, BACKOFF);
    expect(events().map((e) => e.count)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('starts counting again under the same name when the Event was deleted meanwhile', () => {
    recordEvent(api, pod, BACKOFF);
    const [first] = events();
    api.delete('events', 'default', first.metadata.name ?? '');
    later(10);
    recordEvent(api, pod, BACKOFF);
    expect(events()).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: first.metadata.name }), count: 2, firstTimestamp: first.firstTimestamp })]);
  });

  it('combines the 10th distinct message for one object and reason within 10 minutes, and counts the next ones into it', () => {
    for (let i = 1; i <= 12; i++) {
      recordEvent(api, pod, { ...BACKOFF, message: `attempt ${i} failed` });
      later(1);
    }
    const combined = events().filter((e) => String(e.message).startsWith('(combined from similar events): '));
    expect(events()).toHaveLength(10);
    expect(combined).toEqual([expect.objectContaining({ message: '(combined from similar events): attempt 12 failed', count: 3 })]);
  });

  it('does not combine distinct messages spread over more than 10 minutes', () => {
    for (let i = 1; i <= 12; i++) {
      recordEvent(api, pod, { ...BACKOFF, message: `attempt ${i} failed` });
      later(601);
    }
    expect(events()).toHaveLength(12);
  });

  it('records events about cluster-scoped objects in the default namespace', () => {
    const node = api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    recordEvent(api, node, { reason: 'NodeNotReady', message: 'Node node-1 status is now: NodeNotReady', type: 'Normal', component: 'node-controller' });
    recordEvent(api, node, { reason: 'NodeNotReady', message: 'Node node-1 status is now: NodeNotReady', type: 'Normal', component: 'node-controller' });
    expect(events().filter((e) => e.reason === 'NodeNotReady')).toEqual([expect.objectContaining({ count: 2, involvedObject: expect.objectContaining({ kind: 'Node', name: 'node-1' }) })]);
  });
});
