/**
 * Which machine-readable format a command line asked for, read from its words when commander stops it with a parse
 * error (an unknown option, a missing argument, a bad option value): the action never ran, so no option object
 * holds it. The command is found by walking subcommand names from the start (`query reach`); its format is the
 * last `--format X` or `--format=X`, when X is one of that command's --format choices other than text. Commands
 * whose --format is not a stdout format (report writes files, export picks a model language) have no such choice.
 */
import type { Command } from 'commander';

const MACHINE_FORMATS = ['json', 'sarif'];

export function parseErrorFormat(program: Command, argv: readonly string[]): { command: string; format: string } | undefined {
  const { command: current, names } = commandOf(program, argv);
  const choices = current.options.find((o) => o.long === '--format')?.argChoices ?? [];
  let format: string | undefined;
  argv.forEach((word, i) => {
    if (word === '--format' && i + 1 < argv.length) format = argv[i + 1];
    else if (word.startsWith('--format=')) format = word.slice('--format='.length);
  });
  if (format === undefined || !choices.includes(format) || !MACHINE_FORMATS.includes(format)) return undefined;
  return { command: names.join(' '), format };
}

/** The subcommand a command line names (`query reach`), found by walking subcommand names from the start; the program itself when it names none. */
export function commandOf(program: Command, argv: readonly string[]): { command: Command; names: string[] } {
  let current = program;
  const names: string[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const sub = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (sub) {
      current = sub;
      names.push(sub.name());
    }
  }
  return { command: current, names };
}
