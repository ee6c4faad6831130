import { applyPatch, type Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from './status';
import type { KubeObject } from './store';
import { isObject, mergePatch, strategicMerge } from './strategic-merge';

/** The patch content types kube-apiserver accepts. */
export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** One of the accepted patch content types. */
export type PatchType = (typeof PATCH_TYPES)[keyof typeof PATCH_TYPES];

/** The patch type of a Content-Type header; 415 for anything else. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const known = Object.values(PATCH_TYPES).find((type) => type === base);
  if (!known) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).join(', ')}`);
  }
  return known;
}

/** Parses a patch body (JSON, or YAML for apply). */
export function parsePatchBody(type: PatchType, body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return type === PATCH_TYPES.apply ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

function jsonPatch(target: KubeObject, ops: unknown): KubeObject {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  try {
    return applyPatch(structuredClone(target), ops as Operation[], true, false).newDocument;
  } catch (error) {
    throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${(error as Error).message}`);
  }
}

/** Applies a parsed json, merge or strategic-merge patch (or an applied configuration) to an object. */
export function applyPatchOf(type: PatchType, target: KubeObject, patch: unknown): KubeObject {
  if (type === PATCH_TYPES.json) return jsonPatch(target, patch);
  if (!isObject(patch)) throw badRequest('patch body must be a JSON object');
  const merged = type === PATCH_TYPES.merge ? mergePatch(target, patch) : strategicMerge(target, patch);
  return merged as KubeObject;
}
