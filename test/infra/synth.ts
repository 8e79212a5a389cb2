/**
 * Builds the program's stacks exactly as `cdk synth` does (infra/build.ts, with
 * the feature flags of cdk.json) but with esbuild bundling skipped, so infra
 * tests stay fast.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, type ProgramStacks } from '../../infra/build';
import { REPO_ROOT } from '../../infra/bundling';

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/** The first synthesis in a worker loads all of CDK (seconds on a busy machine). */
export const SYNTH_TIMEOUT_MS = 60_000;

export interface TestAppOptions {
  /**
   * CDK's built-in CloudFormation template validation, on by default in `cdk synth`. It costs seconds per
   * worker, so only the test that mirrors `cdk synth` end to end (nag.test.ts) turns it on.
   */
  cfnValidation?: boolean;
}

export function testApp(context: Record<string, unknown> = {}, options: TestAppOptions = {}): App {
  return new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
  });
}

export interface Synthesized {
  app: App;
  stacks: ProgramStacks;
  data: Template;
  appStack: Template;
}

/** Builds and synthesizes (which runs the cdk-nag plugin: any unacknowledged finding throws). */
export function synthProgram(context: Record<string, unknown> = {}, options: TestAppOptions = {}): Synthesized {
  const app = testApp(context, options);
  const stacks = buildApp(app);
  app.synth();
  return { app, stacks, data: Template.fromStack(stacks.data), appStack: Template.fromStack(stacks.app) };
}
