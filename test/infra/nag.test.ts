import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build';
import { SYNTH_TIMEOUT_MS, synthProgram, testApp, type Synthesized } from './synth';
import { resourceOf } from './template';

/** Every acknowledgment in the tree: rule id, where, and why. */
function acknowledgments(root: IConstruct): { id: string; path: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path,
          reason,
        })),
      ),
  );
}

/** The one wildcard resource: schedules created at run time in the program's group (see bindScheduler). */
const SCHEDULES_FINDING = 'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/mentoring-demo/*';

describe('cdk-nag AwsSolutions checks', () => {
  let s: Synthesized;
  beforeAll(() => {
    // Synthesized as `cdk synth` does (CloudFormation validation on) with the pack buildApp registers:
    // any unacknowledged finding, or any template the CloudFormation rules reject, throws here.
    s = synthProgram({}, { cfnValidation: true });
  }, SYNTH_TIMEOUT_MS);

  it('finds nothing unacknowledged, errors or warnings, in any stack', () => {
    // Re-run the pack on the synthesized tree (cross-stack references resolved) for a readable failure.
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no error or warning annotations on the stacks', () => {
    for (const stack of [s.stacks.data, s.stacks.app]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('acknowledges only the reviewed findings, each with a specific reason', () => {
    const acks = acknowledgments(s.app);
    // The one wildcard of the inbound function: raw replies under inbound/, keyed by SES message id (see bindInboundMail).
    const inboundObjects = `<${resourceOf(s.appStack, 'AWS::S3::Bucket', 'InboundEmailBucket').logicalId}.Arn>/inbound/*`;
    // The API function's one S3 wildcard: CSV exports under exports/, keyed per export (see ExportFiles).
    const exportObjects = `<${resourceOf(s.appStack, 'AWS::S3::Bucket', 'ExportFilesBucket').logicalId}.Arn>/exports/*`;
    expect(acks.map((a) => `${a.id} @ ${a.path}`).sort()).toEqual(
      [
        'AwsSolutions-APIG4 @ Mentoring-demo-App/HttpApi/Api/DefaultRoute',
        'AwsSolutions-APIG4 @ Mentoring-demo-App/HttpApi/Api/POST--signup',
        'AwsSolutions-APIG4 @ Mentoring-demo-App/HttpApi/Api/POST--api--signups',
        'AwsSolutions-L1 @ Mentoring-demo-App/ApiFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/MatchFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/FollowupFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/DigestFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/InboundFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/SesEventsFunction/Function',
        'AwsSolutions-L1 @ Mentoring-demo-App/SenderFunction/Function',
        // ses:GetAccount (the sender reads the 24-hour quota) has no resource type: IAM accepts only `*` for it.
        'AwsSolutions-IAM5[Resource::*] @ Mentoring-demo-App/SenderFunction/Role',
        `AwsSolutions-IAM5[Resource::${SCHEDULES_FINDING}] @ Mentoring-demo-App/MatchFunction/Role`,
        `AwsSolutions-IAM5[Resource::${SCHEDULES_FINDING}] @ Mentoring-demo-App/FollowupFunction/Role`,
        `AwsSolutions-IAM5[Resource::${SCHEDULES_FINDING}] @ Mentoring-demo-App/ApiFunction/Role`,
        `AwsSolutions-IAM5[Resource::${SCHEDULES_FINDING}] @ Mentoring-demo-App/InboundFunction/Role`,
        // None for DigestFunction/Role: the digest creates no schedules, so its role holds no wildcard at all.
        `AwsSolutions-IAM5[Resource::${inboundObjects}] @ Mentoring-demo-App/InboundFunction/Role`,
        'AwsSolutions-S1 @ Mentoring-demo-App/InboundEmail/Bucket',
        `AwsSolutions-IAM5[Resource::${exportObjects}] @ Mentoring-demo-App/ApiFunction/Role`,
        'AwsSolutions-S1 @ Mentoring-demo-App/ExportFiles/Bucket',
        'AwsSolutions-SQS3 @ Mentoring-demo-App/Scheduling/DeadLetterQueue',
        'AwsSolutions-SQS3 @ Mentoring-demo-App/InboundEmail/DeadLetterQueue',
        'AwsSolutions-SQS3 @ Mentoring-demo-App/DeliveryEvents/DeadLetterQueue',
        'AwsSolutions-SQS3 @ Mentoring-demo-App/SendQueues/Priority/DeadLetterQueue',
        'AwsSolutions-SQS3 @ Mentoring-demo-App/SendQueues/Bulk/DeadLetterQueue',
        'AwsSolutions-SMG4 @ Mentoring-demo-App/TokenSecret/Secret',
        'AwsSolutions-SNS2 @ Mentoring-demo-App/Observability/AlarmTopic',
      ].sort(),
    );
    for (const ack of acks) expect(ack.reason.length, `reason for ${ack.id}`).toBeGreaterThan(120);
  });

  it('writes the acknowledgments into the template metadata as an audit trail', () => {
    s.appStack.hasResource('AWS::SecretsManager::Secret', {
      Metadata: { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-SMG4', reason: Match.stringLikeRegexp('links') }] } },
    });
  });

  it('fails synthesis when a resource breaks a rule without an acknowledgment', () => {
    const app = testApp();
    const { app: appStack } = buildApp(app);
    new secretsmanager.Secret(appStack, 'UnrotatedSecret');
    expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
    expect(Stack.of(appStack).stackName).toBe('Mentoring-demo-App');
  });
});
