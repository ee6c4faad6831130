import { parseLabelSelector } from './label-selector.util';

const fieldOf = (selector: string) => {
  try {
    parseLabelSelector(selector);
  } catch (error) {
    return (error as { details: { fields: Array<{ field: string; messages: string[] }> } }).details.fields[0];
  }
  throw new Error(`${selector} was accepted`);
};

describe(parseLabelSelector.name, () => {
  it('reads =, == and != requirements, with spaces around them', () => {
    expect(parseLabelSelector('env=prod, tier == gold,app.kubernetes.io/name!=web')).toEqual({
      equals: { env: 'prod', tier: 'gold' },
      notEquals: { 'app.kubernetes.io/name': 'web' },
    });
    expect(parseLabelSelector('env=')).toEqual({ equals: { env: '' }, notEquals: {} });
    expect(parseLabelSelector('')).toEqual({ equals: {}, notEquals: {} });
  });

  it('refuses set-based forms and bad syntax, naming labelSelector and the requirement', () => {
    for (const selector of ['env in (prod,dev)', 'env', '!env', 'env=a b', '=prod', 'Bad_Prefix/x=1', 'env=a,env=b']) {
      const field = fieldOf(selector);
      expect(field.field).toBe('labelSelector');
      expect(field.messages[0].length).toBeGreaterThan(10);
    }
    expect(fieldOf('env notin (x)').messages[0]).toContain('only equality');
  });
});
