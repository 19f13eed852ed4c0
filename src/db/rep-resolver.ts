/**
 * Resolving an owner as written in an export (a rep id, an email or a full name) to a rep_id.
 * Ids match exactly, emails and names case-insensitively; a name shared by two reps is
 * ambiguous and stays unresolved (and is reported), never guessed.
 */
import type { Db } from './open.js';
import { TABLES } from './tables.js';

export interface RepResolver {
  resolve(ref: string): string | undefined;
}

export function loadRepResolver(db: Db): RepResolver {
  const byId = new Map<string, string>();
  const byKey = new Map<string, string | null>();
  const rows = db.prepare('SELECT rep_id, email, name FROM reps').all() as { rep_id: string; email: string | null; name: string | null }[];
  const add = (k: string | null, id: string): void => {
    if (k === null || k === '') return;
    const key = k.trim().toLowerCase();
    const prev = byKey.get(key);
    byKey.set(key, prev === undefined || prev === id ? id : null);
  };
  for (const r of rows) {
    byId.set(r.rep_id, r.rep_id);
    add(r.email, r.rep_id);
    add(r.name, r.rep_id);
  }
  return {
    resolve(ref) {
      return byId.get(ref) ?? byKey.get(ref.trim().toLowerCase()) ?? undefined;
    },
  };
}

/** Re-resolves every rep reference after reps change; returns how many rows changed. */
export function reresolveReferences(db: Db): number {
  const resolver = loadRepResolver(db);
  let changed = 0;
  for (const layout of Object.values(TABLES)) {
    const res = layout.resolved;
    if (!res) continue;
    const refs = db.prepare(`SELECT DISTINCT ${res.from} AS ref FROM ${layout.table} WHERE ${res.from} IS NOT NULL`).pluck().all() as string[];
    const update = db.prepare(`UPDATE ${layout.table} SET ${res.to} = ? WHERE ${res.from} = ? AND ${res.to} IS NOT ?`);
    for (const ref of refs) {
      const id = resolver.resolve(ref) ?? null;
      changed += update.run(id, ref, id).changes;
    }
  }
  return changed;
}
