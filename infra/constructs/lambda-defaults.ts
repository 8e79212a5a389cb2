/**
 * The one place Lambda defaults live (DESIGN §8): nodejs22.x on arm64, ESM,
 * minified with source maps, an explicit log group with retention, and a role
 * that starts with nothing but permission to write to that log group. Grants
 * and environment are added afterwards by the bind* helpers (./bindings.ts).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resolve } from 'node:path';
import { nodejsBundlingOptions, REPO_ROOT } from '../bundling';

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;
export const LAMBDA_ARCHITECTURE = lambda.Architecture.ARM_64;
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export interface MentoringFunctionProps {
  /** Handler module, relative to the repository root (e.g. `functions/handlers/api.ts`); exports `handler`. */
  entry: string;
  description: string;
  /** @default 512 */
  memorySize?: number;
  /** @default 10 seconds */
  timeout?: Duration;
  environment?: Record<string, string>;
}

export class MentoringFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MentoringFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      // Logs carry no PII (DESIGN §10) and expire after a month anyway.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy:
    // the function may write to its own log group and nothing else until a bind* helper says so.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      projectRoot: REPO_ROOT,
      bundling: nodejsBundlingOptions(),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose (DESIGN §8): Node 22 LTS is a supported Lambda runtime, and the ' +
        'code is developed and tested locally on Node 20/22, so production runs the major the tests ran on. ' +
        'Moving to a newer runtime is a one-line change of LAMBDA_RUNTIME, made together with the local Node version.',
    });
  }
}
