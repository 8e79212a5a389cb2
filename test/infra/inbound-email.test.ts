import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_PREFIX, INBOUND_RETENTION_DAYS } from '../../infra/constructs/inbound-email';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { actionsOf, functionOf, joined, logicalIdOf, resourceOf, resourcesOf, statementsOf, statementWith, type Statement } from './template';

/** `arn:<partition>:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>` as CDK's formatArn renders it. */
const ruleArn = (ruleSet: string, rule: string) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:receipt-rule-set/${ruleSet}:receipt-rule/${rule}`],
  ],
});
const RULE_ARN = ruleArn('mentoring-demo-inbound', 'replies');

describe('inbound email (replies)', () => {
  let s: Synthesized;
  let ids: { bucket: string; inbound: string; dlq: string };
  const objects = () => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/inbound/*']] });

  beforeAll(() => {
    s = synthProgram();
    ids = {
      bucket: resourceOf(s.appStack, 'AWS::S3::Bucket', 'InboundEmailBucket').logicalId,
      inbound: functionOf(s.appStack, 'InboundFunction').logicalId,
      dlq: resourceOf(s.appStack, 'AWS::SQS::Queue', 'InboundEmailDeadLetterQueue').logicalId,
    };
  }, SYNTH_TIMEOUT_MS);

  describe('receipt rule', () => {
    it('lives in a named rule set of its own', () => {
      s.appStack.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
      s.appStack.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'mentoring-demo-inbound' });
      s.appStack.resourceCountIs('AWS::SES::ReceiptRule', 1);
      expect(resourceOf(s.appStack, 'AWS::SES::ReceiptRule', 'InboundEmailRuleSetReplies').properties.RuleSetName).toEqual({
        Ref: logicalIdOf(s.appStack, 'AWS::SES::ReceiptRuleSet'),
      });
    });

    it('takes every recipient on the reply domain, scans for spam and viruses, and requires TLS', () => {
      const { Rule } = resourceOf(s.appStack, 'AWS::SES::ReceiptRule', 'InboundEmailRuleSetReplies').properties as { Rule: Record<string, unknown> };
      expect(Rule).toMatchObject({ Name: 'replies', Enabled: true, Recipients: ['reply.example.com'], ScanEnabled: true, TlsPolicy: 'Require' });
    });

    it('stores the raw message under inbound/, THEN invokes the inbound function asynchronously', () => {
      const { Rule } = resourceOf(s.appStack, 'AWS::SES::ReceiptRule', 'InboundEmailRuleSetReplies').properties as { Rule: { Actions: unknown[] } };
      expect(Rule.Actions).toEqual([
        { S3Action: { BucketName: { Ref: ids.bucket }, ObjectKeyPrefix: INBOUND_PREFIX } },
        { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [ids.inbound, 'Arn'] }, InvocationType: 'Event' } },
      ]);
      // The handler reads `<INBOUND_PREFIX><messageId>`: the prefix the rule writes under.
      expect(INBOUND_PREFIX).toBe('inbound/');
    });

    it('is created only once SES may write to the bucket and invoke the function (SES tests both on creation)', () => {
      s.appStack.hasResource('AWS::SES::ReceiptRule', {
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('^InboundEmailBucketPolicy'), Match.stringLikeRegexp('^InboundFunctionAllowSesReceiptRule')]),
      });
    });

    it('outputs the activation command and the MX record the deployer must publish', () => {
      s.appStack.hasOutput('InboundRuleSet', { Value: 'mentoring-demo-inbound' });
      s.appStack.hasOutput('ActivateInboundRuleSet', {
        Value: { 'Fn::Join': ['', ['aws ses set-active-receipt-rule-set --rule-set-name mentoring-demo-inbound --region ', { Ref: 'AWS::Region' }]] },
      });
      s.appStack.hasOutput('ReplyDomainMxRecord', {
        Value: { 'Fn::Join': ['', ['reply.example.com MX 10 inbound-smtp.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      });
      s.appStack.hasOutput('InboundBucket', { Value: { Ref: ids.bucket } });
    });
  });

  describe('bucket', () => {
    it('is encrypted (SSE-S3), private, owner-enforced, and kept (emptying itself) if the stack goes', () => {
      s.appStack.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          VersioningConfiguration: Match.absent(),
        }),
      });
    });

    it('expires every object after 30 days', () => {
      const { properties } = resourceOf(s.appStack, 'AWS::S3::Bucket', 'InboundEmailBucket');
      expect(properties.LifecycleConfiguration).toEqual({
        Rules: [
          {
            Id: 'expire-raw-mail',
            Status: 'Enabled',
            ExpirationInDays: INBOUND_RETENTION_DAYS,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      });
      expect(INBOUND_RETENTION_DAYS).toBe(30);
      // No prefix or tag filter: the whole bucket empties itself.
      expect(joined(properties.LifecycleConfiguration)).not.toMatch(/Prefix|TagFilters/);
    });

    const bucketStatements = () => {
      const { properties } = resourceOf(s.appStack, 'AWS::S3::BucketPolicy', 'InboundEmailBucketPolicy');
      expect(properties.Bucket).toEqual({ Ref: ids.bucket });
      return (properties.PolicyDocument as { Statement: Statement[] }).Statement;
    };

    it('refuses every request without TLS', () => {
      expect(bucketStatements()).toContainEqual({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, '/*']] }],
      });
    });

    it('lets SES put objects under inbound/ only, for this account and this receipt rule only', () => {
      const allows = bucketStatements().filter((st) => st.Effect === 'Allow');
      expect(allows).toEqual([
        {
          Sid: 'AllowSesReceiptRulePuts',
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: objects(),
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': RULE_ARN } },
        },
      ]);
    });
  });

  describe('inbound function', () => {
    it('runs nodejs22.x on arm64 for up to 30 seconds', () => {
      expect(functionOf(s.appStack, 'InboundFunction').properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 30,
      });
    });

    it('knows where the raw messages are, and gets the program, table, secret, email and scheduler variables', () => {
      const { env } = functionOf(s.appStack, 'InboundFunction');
      // The export bucket is the API function's own (the console's large CSV exports).
      const { EXPORT_BUCKET: _exports, ...api } = functionOf(s.appStack, 'ApiFunction').env;
      expect(env).toMatchObject({ INBOUND_BUCKET: { Ref: ids.bucket }, INBOUND_PREFIX: 'inbound/' });
      // Everything the API function has (program, table, secret, email, scheduler), plus the two above.
      expect(Object.keys(env).sort()).toEqual([...Object.keys(api), 'INBOUND_BUCKET', 'INBOUND_PREFIX'].sort());
      for (const name of Object.keys(api)) expect(env[name], name).toEqual(api[name]);
    });

    it('may read objects under inbound/ of that bucket, and nothing else in S3', () => {
      const { statements } = functionOf(s.appStack, 'InboundFunction');
      const read = statementWith(statements, 's3:GetObject');
      expect(actionsOf(read)).toEqual(['s3:GetObject']);
      expect(read.Resource).toEqual(objects());
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
      // No other role in the stack touches the bucket (the API function's export grant is on the export bucket).
      const elsewhere = statementsOf(s.appStack).filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')) && joined(st.Resource).includes(ids.bucket));
      expect(elsewhere).toEqual([read]);
    });

    it('keeps the table, secret, send-queue and scheduler grants of a function that records activity', () => {
      const { statements } = functionOf(s.appStack, 'InboundFunction');
      expect(resourcesOf(statementWith(statements, 'dynamodb:PutItem')).length).toBeGreaterThan(1);
      expect(statementWith(statements, 'secretsmanager:GetSecretValue').Resource).toEqual({ Ref: logicalIdOf(s.appStack, 'AWS::SecretsManager::Secret') });
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
      // Its emails (command confirmations) go to the two send queues.
      expect(resourcesOf(statements.find((st) => st.Sid === 'EnqueueEmail')!)).toHaveLength(2);
      expect(actionsOf(statementWith(statements, 'scheduler:CreateSchedule'))).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
      expect(actionsOf(statementWith(statements, 'iam:PassRole'))).toEqual(['iam:PassRole']);
    });

    it('may be invoked by SES for this account and this receipt rule only', () => {
      const permissions = Object.values(s.appStack.findResources('AWS::Lambda::Permission') as Record<string, { Properties: Record<string, unknown> }>)
        .map((p) => p.Properties)
        .filter((p) => joined(p.FunctionName) === joined({ 'Fn::GetAtt': [ids.inbound, 'Arn'] }));
      expect(permissions).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [ids.inbound, 'Arn'] },
          Principal: 'ses.amazonaws.com',
          SourceAccount: { Ref: 'AWS::AccountId' },
          SourceArn: RULE_ARN,
        },
      ]);
    });

    it('sends a reply that still fails after Lambda retries to its own dead-letter queue, with an alarm', () => {
      s.appStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.inbound },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
      });
      expect(resourceOf(s.appStack, 'AWS::SQS::Queue', 'InboundEmailDeadLetterQueue').properties).toEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      s.appStack.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: ids.dlq }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      expect(resourceOf(s.appStack, 'AWS::CloudWatch::Alarm', 'InboundEmailDeadLetterAlarm').properties).toMatchObject({
        AlarmName: 'mentoring-demo-inbound-dlq-not-empty',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });
  });
});

describe('inbound email with deployment context', () => {
  it('receives for the configured reply domain, in a rule set named after the program', () => {
    const s = synthProgram({ programId: 'acme', senderDomain: 'acme.test', replyDomain: 'replies.acme.test' });
    s.appStack.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'mentoring-acme-inbound' });
    s.appStack.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Recipients: ['replies.acme.test'] }) });
    s.appStack.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { StringEquals: Match.objectLike({ 'aws:SourceArn': ruleArn('mentoring-acme-inbound', 'replies') }) } }),
        ]),
      },
    });
    s.appStack.hasOutput('ReplyDomainMxRecord', {
      Value: { 'Fn::Join': ['', ['replies.acme.test MX 10 inbound-smtp.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
    });
  });
});
