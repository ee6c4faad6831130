import { unknownFields } from './crd-schema';
import type { Call } from './routes';
import { badRequest } from './status';
import type { KubeObject } from './store';

/**
 * The fieldValidation query parameter for custom resources: Strict → 400 on unknown fields, Warn
 * (the default) → a Warning header per field, Ignore → silent pruning. Built-in kinds are not checked.
 */
export function checkFieldValidation(call: Call, obj: KubeObject): void {
  const mode = call.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) throw badRequest(`fieldValidation: Unsupported value: "${mode}"`);
  const schema = call.ctx.service.schemaOf?.(call.target.rt);
  if (!schema || mode === 'Ignore') return;
  const unknown = unknownFields(schema, obj);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw badRequest(`strict decoding error: ${unknown.map((field) => `unknown field "${field}"`).join(', ')}`);
  call.res.setHeader('Warning', unknown.map((field) => `299 - ${JSON.stringify(`unknown field "${field}"`)}`));
}
