/**
 * Builds every stack of the program into an App. `infra/app.ts` (what `cdk synth`
 * runs) and the infra tests both call this, so tests check exactly what deploys.
 */
import { Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppStack } from './app-stack';
import { readContext, type DeploymentContext } from './context';
import { DataStack } from './data-stack';

export interface ProgramStacks {
  context: DeploymentContext;
  data: DataStack;
  app: AppStack;
}

export function stackNames(programId: string): { data: string; app: string } {
  return { data: `Mentoring-${programId}-Data`, app: `Mentoring-${programId}-App` };
}

export function buildApp(app: App, context: DeploymentContext = readContext(app.node)): ProgramStacks {
  // Env-agnostic unless the CLI found an account, so `cdk synth` works offline.
  const env: Environment | undefined = process.env.CDK_DEFAULT_ACCOUNT
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined;
  const tags = { app: 'mentor-loop', program: context.programId };
  const names = stackNames(context.programId);

  const data = new DataStack(app, names.data, {
    env,
    tags,
    description: `Mentoring program ${context.programId}: data (DynamoDB table, retained)`,
  });
  const stack = new AppStack(app, names.app, {
    env,
    tags,
    context,
    table: data.table,
    description: `Mentoring program ${context.programId}: API, functions, email`,
  });

  // cdk-nag v3 runs as a policy-validation plugin: any finding not acknowledged (with a reason, via
  // Validations.of(construct).acknowledge) fails synthesis, warnings included. Acknowledgments are copied
  // into the template metadata (cdk_nag.rules_to_suppress) as an audit trail.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { context, data, app: stack };
}
