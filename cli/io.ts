import { showControls } from '../formats/diagnostics/visible-controls.js';
import { EXIT } from './exit-codes.js';

/** Where a command writes. Tests pass buffers; the real CLI passes the process streams. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Transient progress (a status line on a terminal; nothing otherwise). */
  progress: (text: string) => void;
  color: boolean;
  cwd: string;
}

export function processIo(): CliIo {
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
  // A maker's names reach these lines: each control or invisible character is shown, never obeyed (visible-controls).
  const visible = (text: string) => showControls(text.endsWith('\n') ? text : text + '\n', { keepColors: color });
  // A line printed while the progress line is on screen would be appended to it: clear it first.
  const clearProgress = () => {
    if (!shown) return;
    process.stderr.write('\r\x1b[K');
    shown = false;
  };
  return {
    out: (text) => {
      clearProgress();
      process.stdout.write(visible(text));
    },
    err: (text) => {
      clearProgress();
      process.stderr.write(visible(text));
    },
    progress: (text) => {
      if (!tty) return;
      process.stderr.write(`\r\x1b[K${showControls(text)}`);
      shown = text !== '';
      if (!shown) process.stderr.write('\r\x1b[K');
    },
    color,
    cwd: process.cwd(),
  };
}

/**
 * When the reader of stdout or stderr goes away (`sevenfold verify | head`), writing fails with EPIPE,
 * which Node reports as an unhandled 'error' event and a stack trace. Stop quietly instead, as Unix
 * tools do, with exit 2 (an I/O error): the command did not finish, so no verdict may be implied,
 * and under `set -o pipefail` a CI gate must not read the early stop as "holds" (0).
 */
export function stopQuietlyWhenOutputCloses(exit: (code: number) => never = (code) => process.exit(code)): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') exit(EXIT.usage);
      throw err;
    });
  }
}
