/**
 * The configuration spm runs on when there is no config file and no SPM_* setting: exactly what
 * the schema's defaults give (a test holds the two equal). Using it avoids loading the schema
 * library at start-up for the common case.
 */
import type { SpmConfig } from './schema.js';

export function defaultConfig(): SpmConfig {
  return {
    baseCurrency: 'USD',
    fiscalYearStartMonth: 1,
    busyTimeoutMs: 60_000,
    import: { dateFormat: 'auto', mappings: {} },
    quota: { proration: 'days', ramp: [] },
    stages: {},
    plans: [],
    assignments: [],
  };
}
