import { Command } from 'commander';
import { version } from '../package.json';
import { registerCheckCommand } from './commands/check';
import { registerCloudFormationCommand } from './commands/cloudformation';
import { registerCorsCommand } from './commands/cors';
import { registerCostCommand } from './commands/cost';
import { registerGuideCommand } from './commands/guide';
import { registerLifecycleCommand } from './commands/lifecycle';
import { registerLintPolicyCommand } from './commands/lint-policy';
import { registerPolicyCommand } from './commands/policy';
import type { CliContext } from './context';
import { coloursFor } from './output';

const EXIT_STATUS_HELP = `
Exit status: 0 ok; 1 lint-policy findings or a degraded check; 2 a failed check;
64 a usage error; 70 an unexpected error.`;

/** The line that ends every usage error: where to read how the command is used. */
export function helpLineFor(command: Command): string {
  return command.parent === null
    ? "Run 'sos --help' to see the commands."
    : `Run 'sos ${command.name()} --help' to see its options.`;
}

/**
 * The `sos` program with every command. Commander's own usage errors throw
 * a `CommanderError` (after printing their message) instead of exiting, so
 * `runCli` decides the exit status.
 */
export function createProgram(context: CliContext): Command {
  const colours = coloursFor(context.stderr, context.env);
  const program = new Command('sos')
    .description(
      "Set up and diagnose bring-your-own-bucket uploads into a customer's own S3 bucket: the IAM policy, CORS and " +
        'lifecycle rules, a CloudFormation template, the setup guide, the cost, and the live connection check.',
    )
    .version(version, '-v, --version', 'print the version of sos')
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, colours.red('error:'))),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText('after', EXIT_STATUS_HELP);
  program.helpCommand('help [command]', 'show help for a command');

  registerPolicyCommand(program, context);
  registerLintPolicyCommand(program, context);
  registerCheckCommand(program, context);
  registerCorsCommand(program, context);
  registerLifecycleCommand(program, context);
  registerCloudFormationCommand(program, context);
  registerGuideCommand(program, context);
  registerCostCommand(program, context);

  for (const command of [program, ...program.commands]) command.showHelpAfterError(helpLineFor(command));
  return program;
}
