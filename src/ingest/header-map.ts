/**
 * Matching a file's header row to canonical fields: source detection, alias tables, config
 * mappings and --map overrides (highest precedence). Headers are only ever used as Map keys,
 * so names like `__proto__` are harmless.
 */
import { canonicalHeader, ENTITIES, type EntityName } from '../core/entities.js';
import { SOURCES, SOURCE_NAMES, type AliasTable, type SourceName } from './sources.js';

export interface HeaderMapping {
  source: SourceName;
  detected: boolean;
  /** canonical (or `_` source-specific) field → 0-based column index */
  columns: Map<string, number>;
  /** Header names of columns no field uses (kept as custom fields). */
  unmapped: { index: number; header: string }[];
}

export interface MappingRequest {
  entity: EntityName;
  headers: string[];
  source: SourceName | 'auto';
  /** field → header, from config then --map (later entries win) */
  overrides: Record<string, string>;
}

export type MappingResult =
  | { ok: true; mapping: HeaderMapping; recognised: number }
  | { ok: false; missing: string[]; source: SourceName; reason: string };

function genericAliases(entity: EntityName): AliasTable {
  const table: Record<string, string[]> = {};
  for (const field of ENTITIES[entity].fields) table[field.name] = [field.name];
  return table;
}

function matchAliases(entity: EntityName, source: SourceName, headers: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  const generic = source === 'generic';
  const table = generic ? genericAliases(entity) : SOURCES[source].entities[entity];
  if (!table) return columns;
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = generic ? canonicalHeader(h) : h.trim().toLowerCase();
    if (k !== '' && !index.has(k)) index.set(k, i);
  });
  const used = new Set<number>();
  for (const [field, aliases] of Object.entries(table)) {
    for (const alias of aliases) {
      const i = index.get(generic ? canonicalHeader(alias) : alias.toLowerCase());
      if (i !== undefined && !used.has(i)) {
        columns.set(field, i);
        used.add(i);
        break;
      }
    }
  }
  return columns;
}

function requiredFields(entity: EntityName): string[] {
  return ENTITIES[entity].fields.filter((f) => f.required).map((f) => f.name);
}

/** Which required fields the columns leave uncovered (with the entity's documented stand-ins). */
function missingRequired(entity: EntityName, columns: Map<string, number>): string[] {
  return requiredFields(entity).filter((field) => {
    if (columns.has(field)) return false;
    if (entity === 'reps' && field === 'rep_id' && columns.has('name')) return false;
    if (entity === 'deals' && field === 'stage' && columns.has('status')) return false;
    return true;
  });
}

export function resolveMapping(req: MappingRequest): MappingResult {
  const candidates: SourceName[] = req.source === 'auto' ? [...SOURCE_NAMES] : [req.source];
  let best: { source: SourceName; columns: Map<string, number> } | undefined;
  for (const source of candidates) {
    const columns = matchAliases(req.entity, source, req.headers);
    applyOverrides(columns, req.overrides, req.headers);
    const score = columns.size - missingRequired(req.entity, columns).length * 100;
    const bestScore = best ? best.columns.size - missingRequired(req.entity, best.columns).length * 100 : -Infinity;
    if (score > bestScore) best = { source, columns };
  }
  if (!best) throw new Error('no candidate sources');
  const missing = missingRequired(req.entity, best.columns);
  if (missing.length > 0) {
    return { ok: false, missing, source: best.source, reason: `no column for ${missing.join(', ')}` };
  }
  const used = new Set(best.columns.values());
  const unmapped = req.headers
    .map((header, index) => ({ index, header }))
    .filter((h) => !used.has(h.index) && h.header.trim() !== '');
  return {
    ok: true,
    recognised: best.columns.size,
    mapping: { source: best.source, detected: req.source === 'auto', columns: best.columns, unmapped },
  };
}

function applyOverrides(columns: Map<string, number>, overrides: Record<string, string>, headers: string[]): void {
  for (const [field, header] of Object.entries(overrides)) {
    const want = header.trim().toLowerCase();
    const i = headers.findIndex((h) => h.trim().toLowerCase() === want);
    if (i < 0) continue; // reported by validateOverrides
    for (const [f, idx] of columns) if (idx === i && f !== field) columns.delete(f);
    columns.set(field, i);
  }
}

/** Problems with --map / config mappings: unknown field names or headers absent from the file. */
export function validateOverrides(entity: EntityName, overrides: Record<string, string>, headers: string[]): string[] {
  const fields = new Set(ENTITIES[entity].fields.map((f) => f.name));
  const problems: string[] = [];
  for (const [field, header] of Object.entries(overrides)) {
    if (!fields.has(field)) {
      problems.push(`"${field}" is not a ${entity} field (fields: ${[...fields].join(', ')})`);
    } else if (!headers.some((h) => h.trim().toLowerCase() === header.trim().toLowerCase())) {
      problems.push(`mapping ${field}=${header}: the file has no column "${header}"`);
    }
  }
  return problems;
}

/** Header names that appear more than once among the columns a mapping uses. */
export function duplicatedMappedHeaders(mapping: HeaderMapping, headers: string[]): string[] {
  const dups: string[] = [];
  for (const i of mapping.columns.values()) {
    const h = headers[i]?.trim().toLowerCase() ?? '';
    if (headers.filter((x) => x.trim().toLowerCase() === h).length > 1) dups.push(headers[i] ?? '');
  }
  return dups;
}
