import type { Hook } from '@oclif/core';
import { suggest } from '../../lib/config/suggest.js';
import { ExitCode } from '../../lib/errors.js';

/**
 * oclif's `command_not_found` hook: `mlx trian` says which command was meant instead of a bare "not
 * found", and exits 2 (a usage error) without running anything.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const shown = (id: string) => id.replaceAll(':', ' ');
  const typed = shown(options.id);
  const commands = options.config.commandIDs.filter((id) => !options.config.findCommand(id)?.hidden).map(shown);
  const near = suggest(typed, commands, 3);
  // A bare topic typo (`mlx modles list` → `models list`): compare the first word with the topics too.
  const topics = [...new Set(commands.filter((c) => c.includes(' ')).map((c) => c.split(' ')[0] as string))];
  const head = typed.split(' ')[0] ?? typed;
  const topic = near.length === 0 ? suggest(head, topics, 1)[0] : undefined;
  const guess = near.length > 0 ? near : topic ? [`${topic}${typed.slice(head.length)}`] : [];
  const mean =
    guess.length > 0 ? ` Did you mean ${guess.map((g) => `'${options.config.bin} ${g}'`).join(' or ')}?` : '';
  // The same shape as every other mlx error (src/cli/handle-error.ts), then a usage exit.
  process.stderr.write(
    `Error: '${typed}' is not an ${options.config.bin} command.${mean}\nHint: run '${options.config.bin} --help' for the list of commands.\n`,
  );
  this.exit(ExitCode.usage);
};

export default hook;
