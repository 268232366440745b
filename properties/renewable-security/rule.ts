/** What each renewable-security rule concludes, and the context they share. */
import type { UpdateLab } from '../../emulator/update/index.js';
import type { Product } from '../../model/product/product.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { Evidence, NotApplicableCheck, Verdict } from '../verdict.js';

export interface RuleOutcome {
  rule: string;
  /** The profile requirement the rule tests (its id): the verdict names it. */
  requirement: string;
  verdict: Verdict;
  summary: string;
  /** What the rule ran (for the result's bound). */
  bound: string;
  evidence: Evidence[];
  /** The requirement does not bear on this product (the rule holds vacuously, and says why in its summary). */
  notApplicable?: boolean;
  /** Checks of the rule that played nothing, the threat absent from the design (never evidence for its verdict). */
  notApplicableChecks?: NotApplicableCheck[];
  /** Further requirements the rule tested (e.g. a deadline one of its attacks read), each with its own verdict. */
  alsoTested?: { requirement: string; verdict: Verdict }[];
}

export interface RuleInput {
  lab: UpdateLab;
  /** The update design with the product's device group in it. */
  design: UpdateDesign;
  product: Product;
  requirements: RequirementProfile;
  /** The group the product's devices are in. */
  group: string;
  /** The product's app that may defer updates, if any. */
  deferringApp: string | undefined;
  reproduce: string;
  progress: (message: string) => void;
}
