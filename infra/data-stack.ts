/**
 * State that outlives deployments: the single table, built from the same
 * definition the local stack uses (functions/adapters/dynamodb/table-definition.ts).
 * Kept in its own stack so the app stack can be replaced or destroyed freely.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE } from '../functions/adapters/dynamodb/table-definition';

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export class DataStack extends Stack {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE.partitionKey),
      sortKey: stringKey(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      })),
      timeToLiveAttribute: TABLE.ttlAttribute,
      // Spiky, low traffic (a sign-up wave, a weekly matching run): pay per request.
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // AWS managed key (aws/dynamodb): encrypted at rest like the default, but the key is visible in the
      // account and every use is in CloudTrail, with no key policy to maintain and no monthly key fee.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    });
    new CfnOutput(this, 'TableName', { description: 'The program table (DynamoDB)', value: this.table.tableName });
  }
}
