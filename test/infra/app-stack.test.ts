import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';
import { TABLE_ACCESS } from '../../infra/constructs/bindings';
import { SIGNUP_THROTTLE, DEFAULT_THROTTLE } from '../../infra/constructs/http-api';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { actionsOf, functionOf, joined, logicalIdOf, resourcesOf, statementsOf, statementWith } from './template';

describe('app stack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthProgram();
  }, SYNTH_TIMEOUT_MS);

  it('is named after the program', () => {
    expect(s.stacks.app.stackName).toBe('Mentoring-demo-App');
  });

  describe('API function', () => {
    it('runs nodejs22.x on arm64, ESM bundle, 512 MB, with source maps enabled', () => {
      expect(functionOf(s.appStack, 'ApiFunction').properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    });

    it('gets every variable functions/config.ts reads', () => {
      const { env } = functionOf(s.appStack, 'ApiFunction');
      expect(Object.keys(env).sort()).toEqual(
        [
          'NODE_OPTIONS',
          'TABLE_NAME',
          'TOKEN_SECRET_ARN',
          'PROGRAM_ID',
          'PROGRAM_NAME',
          'SENDER_EMAIL',
          'REPLY_DOMAIN',
          'PUBLIC_URL',
          'ADMIN_EMAILS',
          'IDENTITY_LINE',
          'MEETING_CADENCE_DAYS',
          'MENTORSHIP_WEEKS',
          'INCENTIVE_MEETINGS',
          'REWARD_DESCRIPTION',
          'CONFIRMATIONS_PER_HOUR',
          'ALLOWED_EMAIL_DOMAINS',
          'SIGNUPS_NEED_APPROVAL',
          'MATCHING_MODE',
          'CHOICE_DAYS',
          'FIRST_MEETING_MINUTES',
          'MATCHING_CRON',
          'DIGEST_CRON',
          'SES_MAX_SEND_RATE',
          // Emails go to the send queues (issue 9): the sender function alone calls SES.
          'PRIORITY_QUEUE_URL',
          'BULK_QUEUE_URL',
          // A check-in click reschedules the pair's nudges (see scheduling.test.ts).
          'SCHEDULE_GROUP',
          'FOLLOWUP_FUNCTION_ARN',
          'SCHEDULER_ROLE_ARN',
          'SCHEDULER_DLQ_ARN',
          // Large CSV exports of the admin console (see export-files.test.ts).
          'EXPORT_BUCKET',
        ].sort(),
      );
      expect(env).toMatchObject({
        PROGRAM_ID: 'demo',
        SENDER_EMAIL: 'Remote Mentoring Program <mentoring@example.com>',
        REPLY_DOMAIN: 'reply.example.com',
        ADMIN_EMAILS: 'admin@example.com',
        MEETING_CADENCE_DAYS: '14',
        MENTORSHIP_WEEKS: '12',
        INCENTIVE_MEETINGS: '3',
        CONFIRMATIONS_PER_HOUR: '500',
        SES_MAX_SEND_RATE: '14',
        // Empty: any domain may sign up.
        ALLOWED_EMAIL_DOMAINS: '',
        TOKEN_SECRET_ARN: { Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret') },
        // No custom URL configured: links point at the API's own endpoint.
        PUBLIC_URL: { 'Fn::GetAtt': [logicalIdOf(s.appStack, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] },
      });
      // The table lives in the data stack.
      expect(joined(env.TABLE_NAME)).toContain('Mentoring-demo-Data');
    });

    it('logs to its own log group with one month retention', () => {
      const logGroups = s.appStack.findResources('AWS::Logs::LogGroup');
      // One per function, and the API access logs.
      const retentions = Object.values(logGroups).map((g) => (g as { Properties: { RetentionInDays?: number } }).Properties.RetentionInDays);
      expect(retentions).toHaveLength(Object.keys(s.appStack.findResources('AWS::Lambda::Function')).length + 1);
      for (const days of retentions) expect(days).toBe(30);
      expect(functionOf(s.appStack, 'ApiFunction').properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/^ApiFunctionLogs/) } });
    });

    it('has no managed policies and no `*` resource or wildcard action anywhere', () => {
      for (const role of Object.values(s.appStack.findResources('AWS::IAM::Role'))) {
        expect((role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns).toBeUndefined();
      }
      for (const statement of statementsOf(s.appStack)) {
        expect(statement.Effect).toBe('Allow');
        // The one exception: ses:GetAccount (the sender reads its quota) has no resource type, IAM takes only `*`.
        if (actionsOf(statement).join() === 'ses:GetAccount') continue;
        expect(resourcesOf(statement)).not.toContain('*');
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      }
    });

    it('may read and write items in the table and its named indexes only', () => {
      const statement = statementWith(functionOf(s.appStack, 'ApiFunction').statements, 'dynamodb:PutItem');
      expect(actionsOf(statement)).toEqual([...TABLE_ACCESS.api].sort());
      expect(actionsOf(statement).filter((a) => /Create|Delete(Table|Backup)|UpdateTable|Stream/.test(a))).toEqual([]);
      const resources = resourcesOf(statement).map(joined);
      expect(resources).toHaveLength(1 + TABLE.indexes.length);
      for (const index of TABLE.indexes) expect(resources.some((r) => r.includes(`/index/${index.name}"`))).toBe(true);
      expect(resources.some((r) => r.includes('/index/*'))).toBe(false);
    });

    it('may read the token secret, and only that secret', () => {
      const statement = statementWith(functionOf(s.appStack, 'ApiFunction').statements, 'secretsmanager:GetSecretValue');
      expect(actionsOf(statement)).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      expect(statement.Resource).toEqual({ Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret') });
    });

    it('does not call SES: it may only put emails in the two send queues', () => {
      const { statements } = functionOf(s.appStack, 'ApiFunction');
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
      const enqueue = statementWith(statements, 'sqs:SendMessage');
      expect(actionsOf(enqueue)).toEqual(['sqs:SendMessage']);
      expect(resourcesOf(enqueue).map(joined).sort()).toEqual(
        Object.keys(s.appStack.findResources('AWS::SQS::Queue'))
          .filter((id) => /^SendQueues(Priority|Bulk)Queue/.test(id))
          .map((id) => joined({ 'Fn::GetAtt': [id, 'Arn'] }))
          .sort(),
      );
    });
  });

  describe('sender function', () => {
    it('may send email only as the program identity and through its configuration set, and read the quota', () => {
      const statement = statementWith(functionOf(s.appStack, 'SenderFunction').statements, 'ses:SendEmail');
      expect(actionsOf(statement)).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const resources = resourcesOf(statement).map(joined);
      expect(resources).toHaveLength(2);
      expect(resources.find((r) => r.includes(':identity/'))).toContain(logicalIdOf(s.appStack, 'AWS::SES::EmailIdentity'));
      expect(resources.find((r) => r.includes(':configuration-set/'))).toContain(logicalIdOf(s.appStack, 'AWS::SES::ConfigurationSet'));
      const ses = functionOf(s.appStack, 'SenderFunction')
        .statements.flatMap(actionsOf)
        .filter((a) => a.startsWith('ses:'));
      expect(ses.sort()).toEqual(['ses:GetAccount', 'ses:SendEmail', 'ses:SendRawEmail']);
      // No other function may call SES at all.
      for (const id of ['ApiFunction', 'MatchFunction', 'FollowupFunction', 'DigestFunction', 'InboundFunction', 'SesEventsFunction']) {
        expect(
          functionOf(s.appStack, id)
            .statements.flatMap(actionsOf)
            .filter((a) => a.startsWith('ses:')),
          id,
        ).toEqual([]);
      }
    });

    it('drains both send queues in batches of 10 with partial batch failures, at most 2 instances per queue', () => {
      const mappings = Object.values(s.appStack.findResources('AWS::Lambda::EventSourceMapping')) as { Properties: Record<string, unknown> }[];
      expect(mappings).toHaveLength(2);
      for (const { Properties: p } of mappings) {
        expect(p).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
        expect(joined(p.FunctionName)).toContain('SenderFunction');
      }
      expect(functionOf(s.appStack, 'SenderFunction').properties.Timeout).toBe(60);
      expect(functionOf(s.appStack, 'SenderFunction').env).toMatchObject({ SES_MAX_SEND_RATE: '14' });
    });

    it('has encrypted, TLS-only queues whose visibility timeout is 6× the sender timeout, each with a dead-letter queue after 20 deliveries', () => {
      const queues = s.appStack.findResources('AWS::SQS::Queue');
      const send = Object.entries(queues).filter(([id]) => /^SendQueues(Priority|Bulk)Queue/.test(id));
      expect(send).toHaveLength(2);
      for (const [, q] of send) {
        const p = (q as { Properties: Record<string, unknown> }).Properties;
        expect(p).toMatchObject({
          SqsManagedSseEnabled: true,
          VisibilityTimeout: 360,
          MessageRetentionPeriod: 14 * 86_400,
          RedrivePolicy: { maxReceiveCount: 20 },
        });
      }
      for (const name of ['send-now', 'send-bulk'])
        s.appStack.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `mentoring-demo-${name}-dlq-not-empty` });
      const policies = Object.values(s.appStack.findResources('AWS::SQS::QueuePolicy')).map((p) => JSON.stringify(p));
      expect(policies.filter((p) => p.includes('aws:SecureTransport')).length).toBeGreaterThanOrEqual(4);
    });
  });

  describe('every function', () => {
    const FUNCTIONS = ['ApiFunction', 'MatchFunction', 'FollowupFunction', 'DigestFunction', 'InboundFunction', 'SesEventsFunction', 'SenderFunction'];

    it('is one of the seven program functions (no hidden custom-resource Lambdas)', () => {
      const ids = Object.keys(s.appStack.findResources('AWS::Lambda::Function'));
      expect(ids).toHaveLength(FUNCTIONS.length);
      for (const id of FUNCTIONS) expect(functionOf(s.appStack, id).logicalId).toMatch(new RegExp(`^${id}`));
    });

    it.each(FUNCTIONS)('%s gets the same program settings, incentive threshold included', (id) => {
      const api = functionOf(s.appStack, 'ApiFunction').env;
      const { env } = functionOf(s.appStack, id);
      expect(env.INCENTIVE_MEETINGS).toBe('3');
      for (const name of [
        'PROGRAM_ID',
        'SENDER_EMAIL',
        'REPLY_DOMAIN',
        'PUBLIC_URL',
        'MEETING_CADENCE_DAYS',
        'MENTORSHIP_WEEKS',
        'CONFIRMATIONS_PER_HOUR',
        'ALLOWED_EMAIL_DOMAINS',
        'TABLE_NAME',
      ]) {
        expect(env[name], name).toEqual(api[name]);
      }
    });

    // Issue 8: each function holds only the table actions it calls, and the secret only where tokens are made or checked.
    it.each([
      ['ApiFunction', TABLE_ACCESS.api, true],
      ['MatchFunction', TABLE_ACCESS.match, true],
      ['FollowupFunction', TABLE_ACCESS.followup, true],
      ['DigestFunction', TABLE_ACCESS.digest, true],
      ['InboundFunction', TABLE_ACCESS.inbound, true],
      ['SesEventsFunction', TABLE_ACCESS.sesEvents, false],
      ['SenderFunction', TABLE_ACCESS.sender, false],
    ] as const)('%s gets exactly its table actions, and the token secret only if it signs or checks tokens', (id, access, secret) => {
      const { statements, env } = functionOf(s.appStack, id);
      const table = statements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
      expect(table.sort()).toEqual([...access].sort());
      for (const never of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'])
        expect(table).not.toContain(never);
      expect(statements.flatMap(actionsOf).includes('secretsmanager:GetSecretValue')).toBe(secret);
      expect('TOKEN_SECRET_ARN' in env).toBe(secret);
    });

    it('lets only the API and the follow-up function delete items', () => {
      const deleters = FUNCTIONS.filter((id) => functionOf(s.appStack, id).statements.flatMap(actionsOf).includes('dynamodb:DeleteItem'));
      expect(deleters.sort()).toEqual(['ApiFunction', 'FollowupFunction']);
    });

    it.each(FUNCTIONS)('%s runs nodejs22.x on arm64 and logs to its own log group', (id) => {
      const { properties } = functionOf(s.appStack, id);
      expect(properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(new RegExp(`^${id}Logs`)) } });
    });
  });

  describe('HTTP API', () => {
    it('sends every request to the API function (Lambda proxy, payload v2)', () => {
      s.appStack.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
      s.appStack.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
      s.appStack.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiFunction'), 'Arn'] },
      });
      for (const key of ['$default', 'POST /signup', 'POST /api/signups']) {
        s.appStack.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key });
      }
    });

    it('lets a program launch through the sign-up routes (rate ≥ 20/s, burst ≥ 50) and keeps the default for other routes', () => {
      const stage = Object.values(s.appStack.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
        Properties: { DefaultRouteSettings: Record<string, number>; RouteSettings: Record<string, Record<string, number>> };
      };
      for (const key of ['POST /signup', 'POST /api/signups']) {
        expect(stage.Properties.RouteSettings[key]!.ThrottlingRateLimit, key).toBeGreaterThanOrEqual(20);
        expect(stage.Properties.RouteSettings[key]!.ThrottlingBurstLimit, key).toBeGreaterThanOrEqual(50);
      }
      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    });

    it('throttles the stage, and the public sign-up POSTs with their own settings', () => {
      s.appStack.hasResource('AWS::ApiGatewayV2::Stage', {
        Properties: Match.objectLike({
          StageName: '$default',
          AutoDeploy: true,
          DefaultRouteSettings: { ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit },
          RouteSettings: {
            'POST /signup': { ThrottlingRateLimit: SIGNUP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGNUP_THROTTLE.burstLimit },
            'POST /api/signups': { ThrottlingRateLimit: SIGNUP_THROTTLE.rateLimit, ThrottlingBurstLimit: SIGNUP_THROTTLE.burstLimit },
          },
        }),
        // Route settings name route keys: the routes must exist before the stage is created.
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('^HttpApiPOSTapisignups'), Match.stringLikeRegexp('^HttpApiPOSTsignup')]),
      });
      expect(SIGNUP_THROTTLE.rateLimit).toBeLessThanOrEqual(DEFAULT_THROTTLE.rateLimit);
    });

    it('writes access logs without paths (they carry tokens) or client IPs', () => {
      const stage = Object.values(s.appStack.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
        Properties: { AccessLogSettings: { DestinationArn: unknown; Format: string } };
      };
      const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
      expect(joined(DestinationArn)).toMatch(/^\{"Fn::GetAtt":\["HttpApiAccessLogs\w+","Arn"\]\}$/);
      const fields = JSON.parse(Format) as Record<string, string>;
      expect(fields.requestId).toBe('$context.requestId');
      expect(fields.routeKey).toBe('$context.routeKey');
      expect(Format).not.toMatch(/\$context\.(path|identity\.sourceIp)/);
    });

    it('outputs the API URL', () => {
      s.appStack.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApi'), 'ApiEndpoint'] } });
    });
  });

  describe('email', () => {
    it('verifies the sender domain with Easy DKIM and sends through the configuration set by default', () => {
      s.appStack.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'example.com',
        DkimAttributes: { SigningEnabled: true },
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(s.appStack, 'AWS::SES::ConfigurationSet') } },
      });
    });

    it('has a configuration set with reputation metrics and bounce/complaint suppression', () => {
      s.appStack.hasResourceProperties('AWS::SES::ConfigurationSet', {
        Name: 'mentoring-demo',
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      });
    });

    it('outputs the three DKIM CNAME records', () => {
      for (const n of [1, 2, 3]) {
        s.appStack.hasOutput(`DkimRecord${n}`, {
          Value: {
            'Fn::Join': [
              ' ',
              [
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailIdentity'), `DkimDNSTokenName${n}`] },
                'CNAME',
                { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailIdentity'), `DkimDNSTokenValue${n}`] },
              ],
            ],
          },
        });
      }
      s.appStack.resourceCountIs('AWS::Route53::RecordSet', 0);
    });
  });

  describe('token secret', () => {
    it('is generated by Secrets Manager: 64 characters, no punctuation, kept on stack deletion', () => {
      s.appStack.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
          SecretString: Match.absent(),
        }),
      });
    });
  });
});

describe('app stack with deployment context', () => {
  it('uses the configured public URL, sender and admins', () => {
    const s = synthProgram({
      programId: 'acme',
      programName: 'Acme Mentoring',
      senderDomain: 'mentoring.acme.test',
      adminEmails: 'ana@acme.test, bo@acme.test',
      publicUrl: 'https://mentoring.acme.test/',
      incentiveMeetings: '5',
      confirmationsPerHour: '120',
      allowedEmailDomains: 'acme.test,Acme.Example',
    });
    expect(s.stacks.app.stackName).toBe('Mentoring-acme-App');
    s.appStack.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PROGRAM_ID: 'acme',
          SENDER_EMAIL: 'Acme Mentoring <mentoring@mentoring.acme.test>',
          REPLY_DOMAIN: 'reply.mentoring.acme.test',
          PUBLIC_URL: 'https://mentoring.acme.test',
          ADMIN_EMAILS: 'ana@acme.test,bo@acme.test',
          INCENTIVE_MEETINGS: '5',
          CONFIRMATIONS_PER_HOUR: '120',
          ALLOWED_EMAIL_DOMAINS: 'acme.test,acme.example',
        }),
      },
    });
    s.appStack.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mentoring.acme.test' });
    s.appStack.hasOutput('PublicUrl', { Value: 'https://mentoring.acme.test' });
  });

  it('creates the DKIM records itself when given the hosted zone', () => {
    const s = synthProgram({ senderDomain: 'acme.test', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    s.appStack.resourceCountIs('AWS::Route53::RecordSet', 3);
    s.appStack.hasResourceProperties('AWS::Route53::RecordSet', { Type: 'CNAME', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  });
});
