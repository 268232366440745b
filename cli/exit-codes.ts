/** Exit codes shared by every command, so CI can tell findings from broken invocations. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  unknown: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  ok / property holds
  1  findings (lint errors) / property violated
  2  usage or I/O error (bad option, missing file, invalid product file)
  3  unknown (a property could not be decided, or has no check yet, or Sevenfold failed internally)`;
