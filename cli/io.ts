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
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    err: (text) => {
      if (shown) {
        process.stderr.write('\r\x1b[K');
        shown = false;
      }
      process.stderr.write(text.endsWith('\n') ? text : text + '\n');
    },
    progress: (text) => {
      if (!tty) return;
      process.stderr.write(`\r\x1b[K${text}`);
      shown = text !== '';
      if (!shown) process.stderr.write('\r\x1b[K');
    },
    color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
    cwd: process.cwd(),
  };
}
