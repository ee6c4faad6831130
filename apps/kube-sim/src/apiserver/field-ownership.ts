// Server-side apply over managedFields: conflicts, forced takeover, removal of fields a manager no
// longer applies, and Update ownership of the fields a non-apply write changes.
import { applyConflict, fieldPaths, fromFieldsV1, removeAt, toFieldsV1, valueAt, type ManagedFieldsEntry } from './managed-fields';
import type { KubeObject } from './store';
import { strategicMerge } from './strategic-merge';

/** Who writes, and how. */
export interface WriteInfo {
  manager: string;
  force?: boolean;
  time: string;
}

interface Owned {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Client-side apply's fields pass to server-side apply without conflicts (kubectl's CSA→SSA upgrade). */
const CLIENT_SIDE_APPLY = 'kubectl-client-side-apply';

function ownedOf(obj: KubeObject | undefined): Owned[] {
  const entries = (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map((entry) => ({ entry, paths: fromFieldsV1(entry.fieldsV1 ?? {}) }));
}

const isMine = (owned: Owned, manager: string, operation: string) => owned.entry.manager === manager && owned.entry.operation === operation;

function entriesOf(owned: Owned[]): ManagedFieldsEntry[] {
  return owned.filter((o) => o.paths.size > 0).map((o) => ({ ...o.entry, fieldsV1: toFieldsV1(o.paths) }));
}

function entry(obj: KubeObject, write: WriteInfo, operation: 'Apply' | 'Update', paths: Set<string>): Owned {
  return { entry: { manager: write.manager, operation, apiVersion: obj.apiVersion, time: write.time, fieldsType: 'FieldsV1', fieldsV1: {} }, paths };
}

interface ApplyInput {
  paths: Set<string>;
  applied: KubeObject;
  current: KubeObject;
}

function takeOver(others: Owned[], { paths, applied, current }: ApplyInput, write: WriteInfo): void {
  const conflicts: { manager: string; path: string }[] = [];
  for (const other of others) {
    for (const path of paths) {
      if (!other.paths.has(path) || same(valueAt(current, path), valueAt(applied, path))) continue;
      if (write.force || other.entry.manager === CLIENT_SIDE_APPLY) other.paths.delete(path);
      else conflicts.push({ manager: other.entry.manager, path });
    }
  }
  if (conflicts.length > 0) throw applyConflict(conflicts);
}

/**
 * Applies a configuration for a manager: 409 on fields another manager owns with another value
 * (unless forced), removes fields the manager applied before and nobody owns now, records ownership.
 */
export function applyWithOwnership(current: KubeObject, applied: KubeObject, write: WriteInfo): KubeObject {
  delete applied.metadata.managedFields;
  const paths = fieldPaths(applied);
  const owned = ownedOf(current);
  const others = owned.filter((o) => !isMine(o, write.manager, 'Apply'));
  takeOver(others, { paths, applied, current }, write);
  const previous = owned.find((o) => isMine(o, write.manager, 'Apply'))?.paths ?? new Set<string>();
  const merged = strategicMerge(current, applied) as KubeObject;
  for (const path of previous) {
    if (!paths.has(path) && !others.some((o) => o.paths.has(path))) removeAt(merged, path);
  }
  merged.metadata.managedFields = entriesOf([...others, entry(merged, write, 'Apply', paths)]);
  return merged;
}

/** managedFields of a new object created by apply (operation Apply) or create (Update). */
export function ownNew(obj: KubeObject, write: WriteInfo, operation: 'Apply' | 'Update'): KubeObject {
  obj.metadata.managedFields = entriesOf([entry(obj, write, operation, fieldPaths(obj))]);
  return obj;
}

/** Records an Update by a manager: it owns the fields it changed; other managers lose them. */
export function recordUpdate(before: KubeObject, after: KubeObject, write: WriteInfo): KubeObject {
  const old = fieldPaths(before);
  const changed = [...fieldPaths(after)].filter((path) => !old.has(path) || !same(valueAt(before, path), valueAt(after, path)));
  const owned = ownedOf(before);
  for (const o of owned) changed.forEach((path) => !isMine(o, write.manager, 'Update') && o.paths.delete(path));
  const mine = owned.find((o) => isMine(o, write.manager, 'Update')) ?? entry(after, write, 'Update', new Set());
  changed.forEach((path) => mine.paths.add(path));
  if (changed.length > 0) mine.entry.time = write.time;
  const rest = owned.filter((o) => o !== mine);
  after.metadata.managedFields = entriesOf([...rest, mine]);
  return after;
}
