import { isAbsolute } from 'node:path';
import { type Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EvidenceFunction, EvidenceFunctionProps } from './evidence-function';

/** 45 CFR 164.316(b)(2)(i): documentation is retained six years; 6 x 365 + 2 leap days. */
export const MIN_LOG_RETENTION_DAYS = 2192;

const SECRET_NAME = /(SECRET|PASSW(OR)?D|TOKEN|PRIVATE_?KEY|API_?KEY|CREDENTIAL|WEBHOOK)/i;
const REFERENCE_NAME = /_(ARN|NAME|PARAM|PARAMETER|ID)$/i;
const SECRET_VALUES: readonly RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /hooks\.slack\.com\/(services|workflows|triggers)\//, // Slack webhook URL
  /\bxox[abposr]-[0-9A-Za-z-]+/, // Slack token
];
/** Lambda's limit on the total size of all environment variables. */
const MAX_ENVIRONMENT_BYTES = 4096;

/** {@link EvidenceFunctionProps} with the defaults of {@link EvidenceFunction} applied. */
export interface ResolvedFunctionProps extends EvidenceFunctionProps {
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  readonly runtime: lambda.Runtime;
}

/**
 * Fails synth with a message naming `scope` when the props of an {@link EvidenceFunction} are ones Lambda
 * would reject, or ones this project forbids (logs kept under six years, secrets in the environment).
 */
export function validateFunctionProps(scope: Construct, props: ResolvedFunctionProps): void {
  const fail = (message: string): never => {
    throw new Error(`${scope.node.path}: ${message}`);
  };
  if (props.runtime.family !== lambda.RuntimeFamily.NODEJS) {
    fail(`runtime must be a Node.js runtime, got ${props.runtime.name}`);
  }
  if (!Token.isUnresolved(props.memorySize)) {
    if (!Number.isInteger(props.memorySize) || props.memorySize < 128 || props.memorySize > 10240) {
      fail(`memorySize must be an integer between 128 and 10240 MB, got ${props.memorySize}`);
    }
  }
  const seconds = props.timeout.toSeconds();
  if (seconds < 1 || seconds > 900) fail(`timeout must be between 1 and 900 seconds, got ${seconds}`);
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    fail(
      `reservedConcurrentExecutions must be a positive integer (0 would stop the function), got ${reserved}`,
    );
  }
  const days = props.logRetention;
  if (days !== logs.RetentionDays.INFINITE && days < MIN_LOG_RETENTION_DAYS) {
    fail(
      `logRetention must be at least ${MIN_LOG_RETENTION_DAYS} days (six years, 45 CFR 164.316(b)(2)(i)), got ${days}`,
    );
  }
  if (props.vpcSubnets && !props.vpc) fail('vpcSubnets is set but vpc is not');
  const tmp = props.ephemeralStorageMb;
  if (tmp !== undefined && (!Number.isInteger(tmp) || tmp < 512 || tmp > 10240)) {
    fail(`ephemeralStorageMb must be an integer between 512 and 10240 MB, got ${tmp}`);
  }
  for (const file of props.bundledFiles ?? []) {
    if (!isAbsolute(file.from)) fail(`bundledFiles: "${file.from}" must be an absolute path`);
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(file.to) || file.to.split('/').includes('..')) {
      fail(`bundledFiles: "${file.to}" must be a relative /-separated path of plain names, without ..`);
    }
  }
  validateEnvironment(fail, props.environment ?? {});
}

/** Environment variables must carry references to secrets, never secrets, and fit Lambda's 4 KB. */
function validateEnvironment(
  fail: (message: string) => never,
  environment: Readonly<Record<string, string>>,
) {
  let bytes = 0;
  for (const [name, value] of Object.entries(environment)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      fail(
        `environment variable name "${name}" must start with a letter and contain only letters, digits, _`,
      );
    }
    if (/^(AWS_|LAMBDA_)/i.test(name)) {
      fail(`environment variable "${name}" uses a prefix reserved by Lambda (AWS_, LAMBDA_)`);
    }
    if (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name)) {
      fail(
        `environment variable "${name}" looks like a secret: store it in Secrets Manager or SSM and pass ` +
          'its ARN or name in a variable ending in _ARN or _NAME',
      );
    }
    if (Token.isUnresolved(value)) continue;
    if (typeof value !== 'string') fail(`environment variable "${name}" must be a string`);
    if (SECRET_VALUES.some((pattern) => pattern.test(value))) {
      fail(`environment variable "${name}" holds what looks like a credential; use Secrets Manager instead`);
    }
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    fail(`environment variables total ${bytes} bytes; Lambda allows at most ${MAX_ENVIRONMENT_BYTES}`);
  }
}
