/**
 * Reading a synthesized template the way the infra tests need it: a resource
 * or function by its construct id, and the IAM statements a role holds.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

export interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}

export const joined = (value: unknown) => JSON.stringify(value);
export const actionsOf = (statement: Statement) => [statement.Action].flat().sort();
export const resourcesOf = (statement: Statement) => [statement.Resource].flat();

/** The one resource of `type` whose logical id is `constructId` + CDK's 8-hex-digit hash. */
export function resourceOf(template: Template, type: string, constructId: string): { logicalId: string; properties: Record<string, unknown> } {
  const matches = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) => new RegExp(`^${constructId}[0-9A-F]{8}$`).test(id));
  expect(
    matches.map(([id]) => id),
    `exactly one ${type} ${constructId}`,
  ).toHaveLength(1);
  const [logicalId, resource] = matches[0]!;
  return { logicalId, properties: resource.Properties };
}

export function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids, `exactly one ${type}`).toHaveLength(1);
  return ids[0]!;
}

/** Every statement of every policy in the template. */
export function statementsOf(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

/** The statements of the policies attached to role `roleLogicalId`. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => joined(policy.Properties.Roles) === joined([{ Ref: roleLogicalId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The function created by `MentoringFunction` with construct id `id` (e.g. `ApiFunction`). */
export function functionOf(template: Template, id: string) {
  const { logicalId, properties } = resourceOf(template, 'AWS::Lambda::Function', id);
  const role = properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleLogicalId = role['Fn::GetAtt'][0];
  return {
    logicalId,
    properties,
    env: (properties.Environment as { Variables: Record<string, unknown> }).Variables,
    roleLogicalId,
    statements: statementsOfRole(template, roleLogicalId),
  };
}

/** The one statement among `statements` that grants `action`. */
export function statementWith(statements: Statement[], action: string): Statement {
  const found = statements.filter((s) => actionsOf(s).includes(action));
  expect(found, `exactly one statement grants ${action}`).toHaveLength(1);
  return found[0]!;
}
