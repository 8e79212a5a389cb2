import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../functions/adapters/dynamodb/table-definition';
import { SYNTH_TIMEOUT_MS, synthProgram, type Synthesized } from './synth';

describe('data stack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthProgram();
  }, SYNTH_TIMEOUT_MS);

  it('is named after the program', () => {
    expect(s.stacks.data.stackName).toBe('Mentoring-demo-Data');
  });

  it('builds the one table from the shared table definition', () => {
    const attributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((index) => [index.partitionKey, index.sortKey])].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    }));

    s.data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    s.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(attributes),
      GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('protects the data: PITR, deletion protection, retained on stack deletion, encrypted with a KMS key', () => {
    s.data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      }),
    });
  });
});
