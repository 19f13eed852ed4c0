/**
 * The one validated configuration. This schema is the single source of truth: it validates
 * `spm.config.json`, supplies defaults, and generates the published `spm.config.schema.json`.
 */
import { z } from 'zod';
import { ENTITY_NAMES } from '../core/entities.js';
import { assignmentsSchema, plansSchema } from './plan-schema.js';

const stageRule = z
  .object({
    status: z.enum(['open', 'won', 'lost']).describe('Deal status for this stage'),
    probability: z.number().min(0).max(100).optional().describe('Default win probability in percent'),
    forecastCategory: z.string().optional().describe('Forecast category, e.g. Pipeline, Best Case, Commit, Closed'),
  })
  .strict();

const fieldMap = z
  .record(z.string(), z.string())
  .describe('Canonical field → column header in your file, e.g. { "deal_id": "opportunity_id" }');

const mappings = z
  .object(Object.fromEntries(ENTITY_NAMES.map((e) => [e, fieldMap.optional()])))
  .strict()
  .describe('Column mappings per entity, used for files whose headers spm does not recognise');

export const configSchema = z
  .object({
    $schema: z.string().optional().describe('Path to spm.config.schema.json, for editors'),
    db: z.string().min(1).optional().describe('Database file (default ./spm.db; SPM_DB and --db override)'),
    baseCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD')
      .default('USD')
      .describe('Currency reports are converted to (ISO 4217)'),
    fiscalYearStartMonth: z
      .number()
      .int()
      .min(1)
      .max(12)
      .default(1)
      .describe('First month of the fiscal year (1 = January). A fiscal year is named by the calendar year it ends in'),
    busyTimeoutMs: z
      .number()
      .int()
      .min(0)
      .default(60_000)
      .describe('How long to wait for another spm process holding the database before exit 75'),
    import: z
      .object({
        dateFormat: z
          .enum(['auto', 'MDY', 'DMY', 'YMD'])
          .default('auto')
          .describe('Day/month order of dates in imported files; auto decides per file from the data'),
        mappings: mappings.default({}),
      })
      .strict()
      .default({ dateFormat: 'auto', mappings: {} })
      .describe('Import settings'),
    quota: z
      .object({
        proration: z
          .enum(['days', 'months'])
          .default('days')
          .describe('Quota proration for reps hired or leaving inside a period: by days employed, or by whole calendar months employed'),
        ramp: z
          .array(z.number().min(0).max(100))
          .default([])
          .describe('Ramp schedule: percent of quota in the 1st, 2nd, … calendar month of tenure (the hire month is month 1), e.g. [25, 50, 75, 100]'),
        distribution: z
          .array(z.number().min(0))
          .length(12)
          .optional()
          .describe('Seasonal distribution of quotas that span several months: 12 weights for January…December (like ERPNext monthly distribution); default: pro rata by days'),
      })
      .strict()
      .default({ proration: 'days', ramp: [] })
      .describe('How quotas are derived for a period'),
    stages: z
      .record(z.string(), stageRule)
      .default({})
      .describe('CRM stage name → status/probability/forecast category; added to the built-in Salesforce and HubSpot stages'),
    plans: plansSchema,
    assignments: assignmentsSchema,
  })
  .strict();

export type SpmConfig = z.infer<typeof configSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
}
