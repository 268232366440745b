/** What each renewable-security rule concludes, and the context they share. */
import type { UpdateLab } from '../../emulator/update/index.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { Evidence, Verdict } from '../verdict.js';

export interface RuleOutcome {
  rule: string;
  verdict: Verdict;
  summary: string;
  /** What the rule ran (for the result's bound). */
  bound: string;
  evidence: Evidence[];
}

export interface RuleInput {
  lab: UpdateLab;
  design: UpdateDesign;
  /** The product's app that may defer updates, if any. */
  deferringApp: string | undefined;
  reproduce: string;
  progress: (message: string) => void;
}
