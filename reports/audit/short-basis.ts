/**
 * The summary table's short form of a verdict's bound or run count. The full text can run to a paragraph (the
 * hardware-root-of-trust bound lists every kind of boot it played) and made its summary row eight lines tall, which
 * pushed the rows below it off the first screen of a flawed product's report. The full text stays in the property's
 * own section; the summary keeps its first clause, or its first words when even that is long.
 */
export interface ShortBasis {
  text: string;
  /** True when `text` is not the whole bound: the reader is pointed to the property's section. */
  shortened: boolean;
}

export const SUMMARY_BASIS_CHARS = 90;

export function shortBasis(basis: string, max = SUMMARY_BASIS_CHARS): ShortBasis {
  if (basis.length <= max) return { text: basis, shortened: false };
  const clause = basis.split('; ')[0]!;
  if (clause.length <= max) return { text: `${clause} …`, shortened: true };
  const cut = clause.lastIndexOf(' ', max);
  return { text: `${clause.slice(0, cut > max / 2 ? cut : max)} …`, shortened: true };
}

/** An undecided property's reason under the report's summary table: whole when short, else its first words (the section has it all). */
export const UNDECIDED_REASON_CHARS = 240;

export function undecidedReason(summary: string, max = UNDECIDED_REASON_CHARS): string {
  if (summary.length <= max) return summary;
  const cut = summary.lastIndexOf(' ', max);
  return `${summary.slice(0, cut > max / 2 ? cut : max)} …`;
}
