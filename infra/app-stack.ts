/**
 * Everything stateless (or cheap to recreate) that runs the program: functions,
 * HTTP API, email sending, the link-signing secret. One construct per concern in
 * infra/constructs/; this file only wires them together.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { DeploymentContext } from './context';
import { bindEmail, bindProgram, bindSecret, bindTable } from './constructs/bindings';
import { Email } from './constructs/email';
import { PublicHttpApi } from './constructs/http-api';
import { MentoringFunction } from './constructs/lambda-defaults';
import { TokenSecret } from './constructs/token-secret';

export const API_ENTRY = 'functions/handlers/api.ts';

export interface AppStackProps extends StackProps {
  context: DeploymentContext;
  table: dynamodb.ITableV2;
}

export class AppStack extends Stack {
  readonly api: PublicHttpApi;
  readonly apiFunction: MentoringFunction;
  readonly email: Email;
  readonly tokenSecret: TokenSecret;
  /** Base of links in emails: the configured public URL, else the API endpoint. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { context, table } = props;

    this.email = new Email(this, 'Email', {
      programId: context.programId,
      senderDomain: context.senderDomain,
      hostedZoneId: context.hostedZoneId,
    });
    this.tokenSecret = new TokenSecret(this, 'TokenSecret', { programId: context.programId });

    this.apiFunction = new MentoringFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      description: `Mentoring ${context.programId}: HTTP API (sign-up, links, JSON)`,
    });
    this.api = new PublicHttpApi(this, 'HttpApi', { programId: context.programId, handler: this.apiFunction.function });
    this.publicUrl = context.publicUrl ?? this.api.endpoint;

    const fn = this.apiFunction.function;
    bindTable(fn, table);
    bindSecret(fn, this.tokenSecret.secret);
    bindEmail(fn, this.email.identity, this.email.configurationSet);
    bindProgram(fn, context, this.publicUrl);

    new CfnOutput(this, 'PublicUrl', { description: 'Base of links in emails (PUBLIC_URL)', value: this.publicUrl });
  }
}
