import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_RETENTION_DAYS } from '../../infra/constructs/export-files';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';
import { actionsOf, functionOf, joined, resourceOf, statementsOf, statementWith, type Statement } from './template';

describe('export bucket (large CSV exports of the admin console)', () => {
  let s: Synthesized;
  let bucket: { logicalId: string; properties: Record<string, unknown> };
  beforeAll(() => {
    s = synthProgram();
    bucket = resourceOf(s.appStack, 'AWS::S3::Bucket', 'ExportFilesBucket');
  }, SYNTH_TIMEOUT_MS);

  it('is encrypted, private, owner-enforced, unversioned and empties itself after a day', () => {
    expect(bucket.properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket.properties.VersioningConfiguration).toBeUndefined();
    expect(EXPORT_RETENTION_DAYS).toBe(1);
    expect(bucket.properties.LifecycleConfiguration).toEqual({
      Rules: [{ Id: 'expire-exports', Status: 'Enabled', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
    });
  });

  it('refuses every request without TLS', () => {
    const { properties } = resourceOf(s.appStack, 'AWS::S3::BucketPolicy', 'ExportFilesBucketPolicy');
    expect(properties.Bucket).toEqual({ Ref: bucket.logicalId });
    const statements = (properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('only the API function may put and get objects under exports/, and knows the bucket', () => {
    const api = functionOf(s.appStack, 'ApiFunction');
    expect(api.env.EXPORT_BUCKET).toEqual({ Ref: bucket.logicalId });
    const grant = statementWith(api.statements, 's3:PutObject');
    expect(actionsOf(grant)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(grant.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket.logicalId, 'Arn'] }, '/exports/*']] });
    const touching = statementsOf(s.appStack).filter((st) => joined(st.Resource).includes(bucket.logicalId));
    expect(touching).toEqual([grant]);
  });
});
