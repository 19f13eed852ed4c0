/**
 * CRM stage → deal status, default probability (percent) and forecast category.
 * Defaults cover Salesforce's standard stages and HubSpot's default pipeline (labels and
 * internal ids); `stages` in the config adds to or overrides them (matched case-insensitively).
 */
export type DealStatus = 'open' | 'won' | 'lost';

export interface StageRule {
  status: DealStatus;
  probability?: number;
  forecastCategory?: string;
}

export const DEFAULT_STAGES: Record<string, StageRule> = {
  // Salesforce standard opportunity stages
  Prospecting: { status: 'open', probability: 10, forecastCategory: 'Pipeline' },
  Qualification: { status: 'open', probability: 10, forecastCategory: 'Pipeline' },
  'Needs Analysis': { status: 'open', probability: 20, forecastCategory: 'Pipeline' },
  'Value Proposition': { status: 'open', probability: 50, forecastCategory: 'Pipeline' },
  'Id. Decision Makers': { status: 'open', probability: 60, forecastCategory: 'Pipeline' },
  'Perception Analysis': { status: 'open', probability: 70, forecastCategory: 'Pipeline' },
  'Proposal/Price Quote': { status: 'open', probability: 75, forecastCategory: 'Pipeline' },
  'Negotiation/Review': { status: 'open', probability: 90, forecastCategory: 'Pipeline' },
  'Closed Won': { status: 'won', probability: 100, forecastCategory: 'Closed' },
  'Closed Lost': { status: 'lost', probability: 0, forecastCategory: 'Omitted' },
  // HubSpot default sales pipeline: internal ids
  appointmentscheduled: { status: 'open', probability: 20, forecastCategory: 'Pipeline' },
  qualifiedtobuy: { status: 'open', probability: 40, forecastCategory: 'Pipeline' },
  presentationscheduled: { status: 'open', probability: 60, forecastCategory: 'Pipeline' },
  decisionmakerboughtin: { status: 'open', probability: 80, forecastCategory: 'Best Case' },
  contractsent: { status: 'open', probability: 90, forecastCategory: 'Commit' },
  closedwon: { status: 'won', probability: 100, forecastCategory: 'Closed' },
  closedlost: { status: 'lost', probability: 0, forecastCategory: 'Omitted' },
  // HubSpot default sales pipeline: labels
  'Appointment Scheduled': { status: 'open', probability: 20, forecastCategory: 'Pipeline' },
  'Qualified To Buy': { status: 'open', probability: 40, forecastCategory: 'Pipeline' },
  'Presentation Scheduled': { status: 'open', probability: 60, forecastCategory: 'Pipeline' },
  'Decision Maker Bought-In': { status: 'open', probability: 80, forecastCategory: 'Best Case' },
  'Contract Sent': { status: 'open', probability: 90, forecastCategory: 'Commit' },
  // Generic words used by Pipedrive, Dynamics and hand-made exports
  Won: { status: 'won', probability: 100, forecastCategory: 'Closed' },
  Lost: { status: 'lost', probability: 0, forecastCategory: 'Omitted' },
  Open: { status: 'open' },
};

export interface StageLookup {
  /** The rule for a stage, or undefined when no rule names it. */
  find(stage: string): StageRule | undefined;
  /** The stage's status: its rule's, else {@link guessStatus}'s. */
  status(stage: string): DealStatus;
}

/** Stage names whose status a lookup remembers (an import asks once per row; files name few stages). */
const STATUS_MEMO = 10_000;

export function makeStageLookup(overrides: Record<string, StageRule>): StageLookup {
  const map = new Map<string, StageRule>();
  for (const [name, rule] of Object.entries(DEFAULT_STAGES)) map.set(name.trim().toLowerCase(), rule);
  for (const [name, rule] of Object.entries(overrides)) map.set(name.trim().toLowerCase(), rule);
  const find = (stage: string): StageRule | undefined => map.get(stage.trim().toLowerCase());
  const statuses = new Map<string, DealStatus>();
  return {
    find,
    status(stage) {
      let status = statuses.get(stage);
      if (status === undefined) {
        status = find(stage)?.status ?? guessStatus(stage);
        if (statuses.size < STATUS_MEMO) statuses.set(stage, status);
      }
      return status;
    },
  };
}

/**
 * Status for a stage that no rule names: "…won…" is won, "…lost…" is lost, anything else is
 * open. `spm doctor` lists such stages so the guess is never silent.
 */
export function guessStatus(stage: string): DealStatus {
  const s = stage.toLowerCase();
  if (/\bwon\b|closedwon/.test(s)) return 'won';
  if (/\blost\b|closedlost/.test(s)) return 'lost';
  return 'open';
}
