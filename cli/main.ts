#!/usr/bin/env node
// Only what describes the commands is imported here. Each command's module, the composition root and
// what they pull in (the AWS SDK, dynalite, pdfkit, zod schemas) are imported when that command runs, so
// `evidence --help`, a usage error or `evidence controls` never load them (the build splits them into
// chunks of their own; test/cli/built-cli.test.ts checks what the entry chunk imports).
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_TABLE_NAME } from '../core/adapters/dynamodb/table-schema';
import { StoreBusyError, StoreUnavailableError, UsageError } from '../core/ports/errors';
import type { AttestOptions } from './commands/attest';
import type { BackfillCommandOptions } from './commands/backfill';
import type { BinderCommandOptions } from './commands/binder';
import type { IngestCommandOptions } from './commands/ingest';
import type { QuarantineListOptions, QuarantineRedriveOptions } from './commands/quarantine';
import type { SweepCommandOptions } from './commands/sweep';
import type { UploadOptions } from './commands/upload';
import type { VerifyCommandOptions } from './commands/verify';
import type { VerifyStoreCommandOptions } from './commands/verify-store';
import type { Composition, GlobalOptions } from './composition';
import { DEFAULT_BINDER_DIR, DEFAULT_DATA_DIR, DEFAULT_DEMO_DIR } from './defaults';
import { DEMO_MARKER } from './demo/data-dir';
import { EXIT } from './exit-codes';
import { fitLines, terminalWidth } from './layout';
import type { SlackOptions } from './notify';
import { makeOutput } from './output';

/** The composition root's adapters for these options, its module imported only when a command runs. */
async function composeFor(opts: GlobalOptions): Promise<Composition> {
  const { compose } = await import('./composition');
  return compose(opts);
}

function withCommonOptions(cmd: Command, dataDir = DEFAULT_DATA_DIR): Command {
  return cmd
    .option('--json', 'print a machine-readable result on stdout')
    .addOption(new Option('--data-dir <dir>', 'embedded store directory').default(dataDir))
    .option('--endpoint <url>', 'use the DynamoDB API at this URL instead of the embedded store')
    .addOption(new Option('--table <name>', 'table name at --endpoint').default(DEFAULT_TABLE_NAME))
    .option('--config <file>', 'configuration file (default: ./evidence.config.json when present)')
    .option(
      '--signing-key <file>',
      'Ed25519 private key (PEM) that signs (default: EVIDENCE_SIGNING_KEY, else ~/.config/hipaa-evidence/keys)',
    )
    .option(
      '--anchors <dir|s3-url>',
      'where signed heads and checkpoints are anchored (default: EVIDENCE_ANCHORS, else ~/.local/share/hipaa-evidence/anchors/<store>)',
    );
}

export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('evidence')
    .description('Tamper-evident HIPAA Security Rule evidence from AWS Config and CloudTrail')
    .exitOverride()
    // help is laid out for the width the other output is (COLUMNS, else 80, when not a terminal);
    // below about 70 columns commander leaves descriptions unwrapped, so fitLines wraps those
    .configureOutput({
      getOutHelpWidth: () => terminalWidth(),
      getErrHelpWidth: () => terminalWidth(process.stderr),
      writeOut: (s) => process.stdout.write(fitLines(s, terminalWidth())),
      writeErr: (s) => process.stderr.write(fitLines(s, terminalWidth(process.stderr))),
    })
    .showHelpAfterError();

  const action =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      run(await fn(...args));
    };

  withCommonOptions(
    program.command('ingest').argument('[inputs...]', 'files or directories of events; - for stdin'),
  )
    .description(
      'store events (EventBridge JSON, arrays, JSON Lines, CloudTrail log files and archives, AWS Config snapshot and history files, .gz) as evidence, streamed',
    )
    .option(
      '--trail-public-keys <file|aws>',
      "CloudTrail's public keys for an archive's digest files: saved `aws cloudtrail list-public-keys` output, or aws to call ListPublicKeys",
    )
    .option('--batch <n>', 'inputs read, parsed and committed at a time (bounds memory; default 2000)')
    .option(
      '--slack-webhook <url>',
      'send drift notifications to this Slack incoming webhook (default: SLACK_WEBHOOK_URL)',
    )
    .action(
      action(async (inputs: string[], opts: IngestCommandOptions) =>
        (await import('./commands/ingest')).ingestCommand(
          inputs,
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('status'))
    .description('posture per control, now or at a point in time')
    .option('--at <time>', 'posture as it was at this ISO 8601 time, answered from the chains')
    .option('--scope <scope>', 'ephi: only resources in the ePHI inventory')
    .option('--account <id...>', 'only these AWS accounts (e.g. one member account of an organization)')
    .action(
      action(async (opts: GlobalOptions & { at?: string; scope?: string; account?: string[] }) =>
        (await import('./commands/status')).statusCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  program
    .command('controls')
    .description(
      'print the control catalog: citations, Config rules, CloudTrail events, resource types, sweep calls and IAM actions',
    )
    .option('--json', 'print every value in full, machine-readable')
    .action(
      action(async (opts: { json?: boolean }) =>
        (await import('./commands/controls')).controlsCommand(makeOutput(!!opts.json)),
      ),
    );

  registerCoverageCommands(program, action);
  registerHumanEvidence(program, action);

  withCommonOptions(program.command('verify-store'))
    .description(
      're-hash every record, walk every chain, check posture against the chains and each day against its signed checkpoint',
    )
    .option(
      '--key <file>',
      "trusted public key (PEM) of the heads and checkpoints (default: the signing key's)",
    )
    .action(
      action(async (opts: VerifyStoreCommandOptions) =>
        (await import('./commands/verify-store')).verifyStoreCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('checkpoint'))
    .description(
      'sign a tree head over the evidence log, and the Merkle root of each closed UTC day (daily checkpoints); both anchored',
    )
    .action(
      action(async (opts: GlobalOptions) =>
        (await import('./commands/checkpoint')).checkpointCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('key'))
    .description(
      'print the signing public key and its SHA-256 fingerprint (give it to your auditors out of band)',
    )
    .option('--kms-key <arn>', 'the deployed KMS signing key instead (stack output BinderSigningKeyArn)')
    .action(
      action(async (opts: GlobalOptions & { kmsKey?: string }) =>
        (await import('./commands/key')).keyCommand(opts, makeOutput(!!opts.json), await composeFor(opts)),
      ),
    );

  withCommonOptions(program.command('demo'), DEFAULT_DEMO_DIR)
    .description(
      `replay a realistic month of events on a fresh embedded store in a directory of its own (new, empty, or marked by ${DEMO_MARKER})`,
    )
    .option(
      '--slack-webhook <url>',
      'send the drift notifications to this Slack incoming webhook (default: SLACK_WEBHOOK_URL)',
    )
    .action(
      action(async (opts: GlobalOptions & SlackOptions) =>
        (await import('./commands/demo')).demoCommand(opts, makeOutput(!!opts.json), await composeFor(opts)),
      ),
    );

  withCommonOptions(program.command('binder'))
    .description(
      'write the OCR-ready evidence binder for a period: zip (evidence, manifest, OSCAL, HTML) and PDF/A',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD, UTC) or ISO 8601 time of the period; not after today')
    .option('--to <date>', 'last day (included) or ISO 8601 time of the period')
    .option('--allow-empty', 'write the binder even when the store holds no evidence (of the accounts named)')
    .addOption(new Option('--out <dir>', 'directory to write the binder to').default(DEFAULT_BINDER_DIR))
    .option('--account <id...>', 'only these AWS accounts (default: all)')
    .option('--title <text>', 'title on the cover')
    .option('--organisation <name>', 'organisation named on the cover')
    .option(
      '--no-sign',
      'do not sign the manifest (default: Ed25519 key in <data-dir>/keys, created on first use)',
    )
    .option(
      '--documents-bucket <name>',
      'uploaded documents are in this S3 bucket (default: <data-dir>/blobs)',
    )
    .option(
      '--remote <function>',
      "run the deployed export function (the stack's ExportFunctionName) with your AWS credentials",
    )
    .option(
      '--state-machine <arn>',
      "with --remote: the stack's ShardedExportStateMachineArn; a period longer than 45 days is exported by it, in slices",
    )
    .option('--sharded', 'with --state-machine: export in slices whatever the length of the period')
    .action(
      action(async (opts: BinderCommandOptions) =>
        (await import('./commands/binder')).binderCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('sweep'))
    .description(
      'read the state of every safeguard from AWS (Config, CloudTrail, IAM, KMS, S3, EC2, RDS and 23 more services) and store it as evidence',
    )
    .option('--region <region>', 'AWS region to sweep (default: AWS_REGION or the profile region)')
    .option('--profile <name>', 'AWS profile (default: the default credential chain)')
    .option(
      '--account-id <id>',
      'the account swept (default: told from the responses; refused if they differ)',
    )
    .option(
      '--services <names...>',
      'only these services: config, cloudtrail, iam, logs, kms, s3, s3control, ec2, rds, lambda, redshift, elasticache, efs, sns, sqs, kinesis, secretsmanager, eks, opensearch, sagemaker, elb, elbv2, cloudfront, acm, apigateway, dynamodb, backup, guardduty, securityhub, cloudwatch',
    )
    .option(
      '--slack-webhook <url>',
      'send drift notifications to this Slack incoming webhook (default: SLACK_WEBHOOK_URL)',
    )
    .action(
      action(async (opts: SweepCommandOptions) =>
        (await import('./commands/sweep')).sweepCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('backfill'))
    .description(
      "store the configuration history AWS Config kept (up to seven years) for the catalog's resource types, dated by capture time; an interrupted run resumes",
    )
    .requiredOption('--since <date>', 'oldest history to read (ISO 8601, e.g. 2021-01-01)')
    .option('--until <date>', 'newest history to read (default: now)')
    .option(
      '--resource-types <types...>',
      'only these resource types (default: every type the catalog judges)',
    )
    .option('--region <region>', 'AWS region to read (default: AWS_REGION or the profile region)')
    .option('--profile <name>', 'AWS profile (default: the default credential chain)')
    .option('--restart', 'read every resource again instead of resuming an interrupted run')
    .action(
      action(async (opts: BackfillCommandOptions) =>
        (await import('./commands/backfill')).backfillCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('verify').argument('<binder>', 'a binder .zip or its unzipped folder'))
    .description(
      'check a binder offline (no store): every file against the manifest, root hash, chains, signature, daily checkpoints and inclusion proofs',
    )
    .option('--key <file>', 'require a signature by this trusted Ed25519 public key (PEM)')
    .option(
      '--fingerprint <hex>',
      "require a signature by the binder's key with this SHA-256 fingerprint (of its SPKI DER; colons, spaces and case ignored)",
    )
    .option(
      '--trust-list <file>',
      'require a signature by a key listed in this file (one fingerprint per line, # comments; default: <config dir>/trusted-keys, your own key, not required)',
    )
    .option(
      '--checkpoint-key <file>',
      'require daily checkpoints signed by this Ed25519 public key (PEM) (default: the trusted binder key)',
    )
    .action(
      action(async (target: string, opts: VerifyCommandOptions & { json?: boolean }) =>
        (await import('./commands/verify')).verifyCommand(target, opts, makeOutput(!!opts.json)),
      ),
    );

  const quarantine = program
    .command('quarantine')
    .description('inputs that could not become evidence: list them, redrive them after a fix');
  withCommonOptions(quarantine.command('list'))
    .description('quarantined inputs: id, when, origin, reason, size, truncated, state, attempts')
    .option('--reason <text>', 'only items whose reason contains this text (case-insensitive)')
    .option('--since <time>', 'only items recorded at or after this ISO 8601 time')
    .addOption(
      new Option('--state <state>', 'which items').choices(['open', 'resolved', 'all']).default('open'),
    )
    .action(
      action(async (opts: QuarantineListOptions) =>
        (await import('./commands/quarantine')).quarantineListCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );
  withCommonOptions(quarantine.command('redrive').argument('[ids...]', 'ids of quarantined items'))
    .description('send quarantined inputs through ingest again with the current parser and configuration')
    .option('--all', 'every open item')
    .option(
      '--slack-webhook <url>',
      'send drift notifications to this Slack incoming webhook (default: SLACK_WEBHOOK_URL)',
    )
    .action(
      action(async (ids: string[], opts: QuarantineRedriveOptions) =>
        (await import('./commands/quarantine')).quarantineRedriveCommand(
          ids,
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );
  return program;
}

/** `coverage` and `inventory`: monitoring gaps and the ePHI inventory. */
function registerCoverageCommands(
  program: Command,
  action: <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>,
): void {
  withCommonOptions(program.command('coverage'))
    .description(
      'find controls with no fresh evidence (stale, Config recorder stopped, sweep failed); record gaps and resolutions',
    )
    .action(
      action(async (opts: GlobalOptions) =>
        (await import('./commands/coverage')).coverageCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );
  withCommonOptions(program.command('inventory'))
    .description('list the ePHI inventory: resources tagged in scope (ephi.tags in evidence.config.json)')
    .action(
      action(async (opts: GlobalOptions) =>
        (await import('./commands/inventory')).inventoryCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );
}

/** `attest` and `upload`: human sign-off and manual documents as evidence. */
function registerHumanEvidence(
  program: Command,
  action: <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>,
): void {
  withCommonOptions(program.command('attest'))
    .description(
      'record a human sign-off as evidence: access review, log review, exception or addressable-specification decision',
    )
    .requiredOption('--kind <kind>', 'access-review | log-review | exception | decision')
    .option('--reviewer <name>', 'who reviewed (access-review, log-review)')
    .option(
      '--decision <decision>',
      'approved | changes-required (reviews); implemented | alternative | not-reasonable (decision)',
    )
    .option('--note <text>', 'what the reviewer noted')
    .option('--snapshot <id>', 'evidence id of the access snapshot reviewed (default: the latest)')
    .option('--account <id>', 'the AWS account (default: the only account in the store)')
    .option('--scope <text>', 'which logs were reviewed (log-review)')
    .option('--control <id>', 'catalog control excepted (exception)')
    .option('--subject <arn-or-key>', 'the excepted resource: ARN or subject key (exception)')
    .option('--reason <text>', 'why (exception, decision)')
    .option('--expires <date>', 'when the exception ends (YYYY-MM-DD or ISO 8601)')
    .option('--approver <name>', 'who accepted the risk (exception)')
    .option('--citation <citation>', 'addressable implementation specification, e.g. 164.312(a)(2)(iv)')
    .option('--by <name>', 'who made the decision (decision)')
    .option('--at <time>', 'when it was signed (ISO 8601; default now)')
    .action(
      action(async (opts: AttestOptions) =>
        (await import('./commands/attest')).attestCommand(
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );

  withCommonOptions(program.command('upload').argument('<file>', 'the document (at most 50 MB)'))
    .description(
      'keep a document (BAA, training records, incident report, policy) as evidence for a control or citation',
    )
    .option('--control <id>', 'catalog control id or HIPAA citation, e.g. 164.308(b)(1)')
    .option('--title <text>', 'what the document is')
    .option('--account <id>', 'the AWS account (default: the only account in the store)')
    .option('--by <name>', 'who uploaded it')
    .option('--at <time>', 'when it was uploaded (ISO 8601; default now)')
    .option('--documents-bucket <name>', 'store the document in this S3 bucket (default: <data-dir>/blobs)')
    .action(
      action(async (file: string, opts: UploadOptions) =>
        (await import('./commands/upload')).uploadCommand(
          file,
          opts,
          makeOutput(!!opts.json),
          await composeFor(opts),
        ),
      ),
    );
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`evidence: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof StoreUnavailableError || error instanceof StoreBusyError) {
      process.stderr.write(`evidence: ${error.message}\n`);
      return EXIT.store;
    }
    process.stderr.write(`evidence: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

// The SDK warns on every run under Node 20 that releases after January 2027 need Node 22; the lock file
// pins versions that support Node 20, and the README says so once instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const invokedDirectly =
  process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
