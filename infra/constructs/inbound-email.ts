/**
 * Replies by email (DESIGN §1, flow 4): SES receives mail for the reply domain,
 * stores the raw message in an encrypted, self-emptying bucket, then invokes the
 * inbound function, which reads it back, checks the signed reply+token address
 * and records the pair's activity (functions/handlers/inbound.ts).
 *
 * SES and the function are scoped to exactly this rule: the bucket policy and the
 * invoke permission name the receipt rule's ARN (`aws:SourceArn`), which is built
 * from the fixed rule-set and rule names, so nothing refers back to the rule and
 * the rule can depend on both grants (SES tests them when the rule is created).
 *
 * Deployers still have two manual steps, printed as stack outputs: make the rule
 * set active (one per account and region, so this stack does not take it over)
 * and publish the reply domain's MX record.
 */
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, type IDependable } from 'constructs';
import { addDeadLetter } from './dead-letter';

/** Where the S3 action stores raw messages (`<prefix><SES message id>`); functions/handlers/inbound.ts reads INBOUND_PREFIX. */
export const INBOUND_PREFIX = 'inbound/';
/** Raw messages are only needed until the function has read them; the rest is a window for replays and support. */
export const INBOUND_RETENTION_DAYS = 30;

const SES_SERVICE = 'ses.amazonaws.com';

export interface InboundEmailProps {
  programId: string;
  /** Domain of the reply+<token>@… addresses; every recipient on it matches the rule. */
  replyDomain: string;
  /** Invoked asynchronously after the message is stored. */
  handler: lambda.IFunction;
}

/**
 * "Deliver to S3" without the stock action's bucket-policy statement, which trusts every receipt rule of the
 * account (`aws:SourceAccount` only); the statement this construct adds also names the rule.
 */
class StoreInBucket implements ses.IReceiptRuleAction {
  constructor(
    private readonly bucket: s3.IBucket,
    private readonly prefix: string,
    private readonly grant: IDependable,
  ) {}

  bind(rule: ses.IReceiptRuleRef): ses.ReceiptRuleActionConfig {
    rule.node.addDependency(this.grant);
    return { s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: this.prefix } };
  }
}

/** "Invoke Lambda" (asynchronously) with the invoke permission this construct adds, scoped to the rule. */
class InvokeAsync implements ses.IReceiptRuleAction {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly grant: IDependable,
  ) {}

  bind(rule: ses.IReceiptRuleRef): ses.ReceiptRuleActionConfig {
    rule.node.addDependency(this.grant);
    return { lambdaAction: { functionArn: this.fn.functionArn, invocationType: 'Event' } };
  }
}

export class InboundEmail extends Construct {
  readonly bucket: s3.Bucket;
  readonly prefix = INBOUND_PREFIX;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rule: ses.ReceiptRule;
  readonly ruleSetName: string;
  readonly ruleName = 'replies';
  /** ARN of the receipt rule, from names (no reference to the rule itself). */
  readonly ruleArn: string;
  /** Invocations of the inbound function that still failed after Lambda's retries. */
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: InboundEmailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.ruleSetName = `mentoring-${props.programId}-inbound`;
    this.ruleArn = stack.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${this.ruleSetName}:receipt-rule/${this.ruleName}`,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          expiration: Duration.days(INBOUND_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Kept if the stack is deleted: it may hold replies not processed yet, and the lifecycle rule keeps emptying
      // it afterwards. DESTROY would fail on a non-empty bucket unless autoDeleteObjects added a custom-resource
      // Lambda allowed to delete every object — more code with more power than a bucket that empties itself.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesReceiptRulePuts',
        principals: [new iam.ServicePrincipal(SES_SERVICE)],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': this.ruleArn } },
      }),
    );
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Who can touch the objects is fixed by policy, not by discovery: SES puts (this account, this receipt rule, ' +
        'under inbound/ only, TLS only) and the inbound function role gets (inbound/* only); nothing else in the ' +
        'program has any S3 permission, and objects expire after 30 days. Server access logs would add a second bucket ' +
        '(itself unlogged) recording one PUT and one GET per reply. For an investigation, CloudTrail S3 data events on ' +
        'this bucket give the same record with IAM identities, without a standing log bucket.',
    });

    const bucketPolicy = this.bucket.policy;
    if (!bucketPolicy) throw new Error('the inbound bucket has no policy to grant SES its writes');

    // SES may invoke the function for this receipt rule of this account, and for nothing else.
    props.handler.addPermission('AllowSesReceiptRule', {
      action: 'lambda:InvokeFunction',
      principal: new iam.ServicePrincipal(SES_SERVICE),
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.ruleArn,
    });
    const invokePermission = props.handler.permissionsNode.findChild('AllowSesReceiptRule');

    const deadLetter = addDeadLetter(this, {
      programId: props.programId,
      name: 'inbound',
      receives:
        "the inbound function's asynchronous invocations by SES (one per received reply) that still failed after " +
        "Lambda's retries; the raw message stays in the inbound bucket for 30 days, so a replay re-sends the record",
      alarmDescription:
        'an email reply could not be processed after all retries and is waiting in the inbound dead-letter queue. ' +
        'The raw message is in the inbound bucket (inbound/<messageId>) for 30 days: fix the cause, replay the event.',
    });
    this.deadLetterQueue = deadLetter.queue;
    this.deadLetterAlarm = deadLetter.alarm;
    props.handler.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(this.deadLetterQueue) });

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: this.ruleSetName });
    this.rule = this.ruleSet.addRule('Replies', {
      receiptRuleName: this.ruleName,
      recipients: [props.replyDomain],
      enabled: true,
      // Spam and virus verdicts go to the function with the event; mail from servers that will not use TLS is refused.
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [new StoreInBucket(this.bucket, INBOUND_PREFIX, bucketPolicy), new InvokeAsync(props.handler, invokePermission)],
    });

    new CfnOutput(stack, 'InboundBucket', { description: 'Raw inbound replies (expire after 30 days)', value: this.bucket.bucketName });
    new CfnOutput(stack, 'InboundRuleSet', {
      description:
        'SES receipt rule set for replies. Only one rule set is active per account and region: activate this one ' +
        '(or copy its rule into the active one) with the command in ActivateInboundRuleSet',
      value: this.ruleSetName,
    });
    new CfnOutput(stack, 'ActivateInboundRuleSet', {
      description: 'Run once after the first deploy (replaces the currently active receipt rule set of this region)',
      value: Fn.join('', [`aws ses set-active-receipt-rule-set --rule-set-name ${this.ruleSetName} --region `, Aws.REGION]),
    });
    new CfnOutput(stack, 'ReplyDomainMxRecord', {
      description: `MX record that routes ${props.replyDomain} to SES email receiving in this region (name type priority value)`,
      value: Fn.join('', [`${props.replyDomain} MX 10 inbound-smtp.`, Aws.REGION, '.amazonaws.com']),
    });
  }
}
