#!/usr/bin/env node
/**
 * The command line. Commands throw; one catch at the bottom maps user errors to a clean message and
 * exit 1, and anything unexpected to a stack trace with a request to report it.
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatIssue, ObserveError, UserError } from './core/errors.js';
import type { ApplyEvent } from './engine/index.js';
import { loadInputs, validateInputs, expand } from './model/index.js';
import { SCHEMA_FILES, SCHEMAS_DIRECTORY } from './model/schemas.js';
import { buildReport } from './report/data.js';
import { formatJson } from './report/json.js';
import { formatMarkdown } from './report/markdown.js';
import { formatText } from './report/text.js';
import type { Simulation } from './sim/index.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colors and live progress only on a terminal. */
  readonly isTTY: boolean;
  /** Tests may hand in a simulation for `--target sim`. */
  readonly simulation?: Simulation;
}

/**
 * The SDK's documented opt-out of its Node version warning (`@aws-sdk/core`,
 * emitWarningIfUnsupportedVersion). The warning says that SDK versions published after the first week
 * of January 2027 will require Node 22; the versions package-lock.json pins declare `engines` `>=20.0.0`,
 * so on Node 20 trellis is supported and the warning is about a future upgrade of trellis's own
 * dependencies, nothing a user can act on. The SDK checks the variable when a client is built, so it
 * must be set before the first client. A value the user set (e.g. `false`, to see the warning) wins.
 */
export const SDK_NODE_WARNING_OPT_OUT = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env): void {
  env[SDK_NODE_WARNING_OPT_OUT] ??= 'true';
}

/** Exit codes: 0 success / in sync, 1 error, 2 changes (`--detailed-exitcode`). */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

interface RunFlags {
  readonly target: string;
  readonly output: 'text' | 'json' | 'markdown';
  readonly detailedExitcode?: boolean;
  readonly config?: string;
  readonly prune: boolean;
  readonly allowDeletions?: number;
  readonly dryRun?: boolean;
}

const DEFAULT_PATHS = ['manifests'];

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

async function runPipeline(paths: string[], flags: RunFlags, dryRun: boolean, io: Io): Promise<number> {
  // Loaded here, not at the top: `validate` and `schema` never load the AWS SDK (issue 11).
  const [{ reconcile, runFailed }, { hasChanges }, { errorTables, reconcilers }, { openTarget }] = await Promise.all([
    import('./engine/index.js'),
    import('./engine/plan.js'),
    import('./reconcilers/registry.js'),
    import('./commands/target.js'),
  ]);
  const inputs = await loadInputs(paths.length > 0 ? paths : DEFAULT_PATHS, flags.config ? { configPath: flags.config } : {});
  const target = await openTarget(flags.target, inputs.config, io.simulation);
  const progress = !dryRun && io.isTTY && flags.output === 'text' ? progressPrinter(io) : undefined;
  const result = await reconcile({
    inputs,
    clients: target.clients,
    dryRun,
    prune: flags.prune,
    consistencyWindowMs: target.consistencyWindowMs,
    waitTiming: target.waitTiming,
    registry: reconcilers,
    errorTables,
    ...(flags.allowDeletions !== undefined ? { allowDeletions: flags.allowDeletions } : {}),
    ...(progress ? { onEvent: progress } : {}),
  });
  await target.finish();
  const report = buildReport(result.plan, result.applied, result.skippedScopes);
  const formatted =
    flags.output === 'json' ? formatJson(report) : flags.output === 'markdown' ? formatMarkdown(report) : formatText(report, { color: io.isTTY });
  io.stdout(formatted);
  if (runFailed(result)) return EXIT.error;
  if (flags.detailedExitcode && dryRun && hasChanges(result.plan)) return EXIT.changes;
  return EXIT.ok;
}

function progressPrinter(io: Io): (event: ApplyEvent) => void {
  const ongoing = { create: 'creating', update: 'updating', delete: 'deleting', release: 'releasing', supersede: 'superseding' } as const;
  const finished = { create: 'created', update: 'updated', delete: 'deleted', release: 'released', supersede: 'superseded' } as const;
  return (event) => {
    const line = {
      start: `… ${ongoing[event.step]} ${event.address}`,
      done: `✓ ${finished[event.step]} ${event.address}`,
      failed: `✗ ${event.step} ${event.address} failed: ${event.error?.message ?? ''}`,
      skipped: `· skipped ${event.step} ${event.address}`,
    }[event.kind];
    io.stderr(`${line}\n`);
  };
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('trellis')
    .description('Keeps multi-account AWS service networking in the shape JSON manifests describe.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const withRunFlags = (command: Command) =>
    command
      .argument('[paths...]', 'manifest files or directories (default: manifests)')
      .addOption(new Option('--target <target>', 'aws, sim, or sim:<state file>').default('aws'))
      .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json', 'markdown']).default('text'))
      .option('--config <file>', 'trellis.config.json to use (default: the one in the first manifest directory)')
      .option('--no-prune', 'do not delete owned resources that are no longer desired')
      .option('--allow-deletions <n>', 'permit up to N deletions, even more than limits.maxDeletions or ones that empty a scope', count)
      .option('--detailed-exitcode', 'plan exit code: 0 in sync, 2 changes, 1 error');

  program
    .command('validate')
    .description('check manifests and config against the schemas and each other; no AWS call')
    .argument('[paths...]', 'manifest files or directories (default: manifests)')
    .option('--config <file>', 'trellis.config.json to use')
    .action(async (paths: string[], flags: { config?: string }) => {
      const inputs = await loadInputs(paths.length > 0 ? paths : DEFAULT_PATHS, flags.config ? { configPath: flags.config } : {});
      const issues = validateInputs(inputs);
      if (issues.length > 0) {
        io.stderr(`${issues.map(formatIssue).join('\n')}\n`);
        setExit(EXIT.error);
        return;
      }
      io.stdout(`${inputs.manifests.length} manifest(s) valid; ${expand(inputs).length} resource(s) desired.\n`);
    });

  withRunFlags(program.command('plan').description('what reconcile would change (reconcile --dry-run)')).action(
    async (paths: string[], flags: RunFlags) => setExit(await runPipeline(paths, flags, true, io)),
  );

  withRunFlags(program.command('reconcile').description('one pass: create, update and delete until AWS matches the manifests'))
    .option('--dry-run', 'plan only')
    .action(async (paths: string[], flags: RunFlags) => setExit(await runPipeline(paths, flags, flags.dryRun ?? false, io)));

  program
    .command('schema')
    .description('print a JSON Schema (manifest, network, config, common)')
    .argument('[name]', 'schema name', 'manifest')
    .action(async (name: string) => {
      const file = SCHEMA_FILES.find((candidate) => candidate === `${name}.schema.json`);
      if (!file) throw new UserError(`unknown schema ${JSON.stringify(name)}; one of: ${SCHEMA_FILES.map((f) => f.replace('.schema.json', '')).join(', ')}`);
      io.stdout(await readFile(new URL(file, SCHEMAS_DIRECTORY), 'utf8'));
    });
  return program;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (error instanceof UserError || error instanceof ObserveError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.error;
    }
    io.stderr(`trellis failed unexpectedly. Please report this with the output below.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  quietSdkNodeWarning();
  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
}
