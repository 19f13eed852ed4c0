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

/**
 * Re-resolves every rep reference after reps change; returns how many rows changed. One pass per
 * table: the distinct references and what each resolves to go into a scratch table, and one
 * UPDATE joins it (an UPDATE per reference would scan the table once per reference).
 */
export function reresolveReferences(db: Db): number {
  const resolver = loadRepResolver(db);
  let changed = 0;
  for (const layout of Object.values(TABLES)) {
    const res = layout.resolved;
    if (!res) continue;
    const refs = db.prepare(`SELECT DISTINCT ${res.from} AS ref FROM ${layout.table} WHERE ${res.from} IS NOT NULL`).pluck().all() as string[];
    if (refs.length === 0) continue;
    db.exec(`DROP TABLE IF EXISTS temp.spm_refs; CREATE TABLE temp.spm_refs (ref TEXT PRIMARY KEY, id TEXT)`);
    const add = db.prepare('INSERT INTO temp.spm_refs (ref, id) VALUES (?, ?)');
    for (const ref of refs) add.run(ref, resolver.resolve(ref) ?? null);
    changed += db
      .prepare(`UPDATE ${layout.table} SET ${res.to} = m.id FROM temp.spm_refs m WHERE ${layout.table}.${res.from} = m.ref AND ${layout.table}.${res.to} IS NOT m.id`)
      .run().changes;
    db.exec('DROP TABLE temp.spm_refs');
  }
  return changed;
}
