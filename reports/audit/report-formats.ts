/**
 * The formats an audit report is written in. A module of its own, importing nothing, so that the
 * command line can list them in `sevenfold report --help` without loading the report writers.
 */
export const REPORT_FORMATS = ['md', 'html', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
