/**
 * The public HTTP API: every request goes to the one Hono app (Lambda proxy).
 * WAF cannot attach to an HTTP API (DESIGN §10), so abuse is capped by stage
 * throttling, with its own (launch-sized) throttle on the public sign-up POSTs
 * that trigger emails; the app adds a per-client limit, a honeypot, a per-address
 * email cap and a program-wide hourly confirmation cap on top.
 */
import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION } from './lambda-defaults';

export interface Throttle {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Requests allowed in a burst. */
  burstLimit: number;
}

/** Stage-wide cap: generous for people clicking links, small enough to bound a flood's cost. */
export const DEFAULT_THROTTLE: Throttle = { rateLimit: 50, burstLimit: 100 };
/**
 * The sign-up POSTs, for everyone together. Wide enough for a program launch (a whole office, often behind one
 * NAT or VPN address, signing up within minutes); inboxes are protected by the app's per-address and hourly
 * confirmation caps, not by refusing colleagues here.
 */
export const SIGNUP_THROTTLE: Throttle = { rateLimit: 20, burstLimit: 50 };
/** Public routes that create records and send email, throttled with SIGNUP_THROTTLE. */
export const SIGNUP_ROUTES = [
  { method: apigw.HttpMethod.POST, path: '/signup' },
  { method: apigw.HttpMethod.POST, path: '/api/signups' },
] as const;

export interface HttpApiProps {
  programId: string;
  handler: lambda.IFunction;
  throttle?: Throttle;
  signupThrottle?: Throttle;
}

export class PublicHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** https://<id>.execute-api.<region>.amazonaws.com, without a trailing slash. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    const signupThrottle = props.signupThrottle ?? SIGNUP_THROTTLE;
    const integration = new HttpLambdaIntegration('App', props.handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `mentoring-${props.programId}`,
      description: `Mentoring program ${props.programId}: sign-up form, email links, JSON API`,
      // `$default` route: the Hono app does its own routing and 404s.
      defaultIntegration: integration,
      // Created below, after the routes its route settings refer to.
      createDefaultStage: false,
    });

    // Explicit routes exist only so they can carry their own, stricter throttle.
    const signupRoutes = SIGNUP_ROUTES.flatMap(({ method, path }) => this.api.addRoutes({ path, methods: [method], integration }));

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // Route key, not path: paths carry signed tokens. No source IP either (no PII in logs).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // The L2 stage only knows stage-wide throttling; per-route settings are a raw JSON map keyed by route
    // key, passed through to CloudFormation as written (hence the CloudFormation property casing).
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      SIGNUP_ROUTES.map(({ method, path }) => [
        `${method} ${path}`,
        { ThrottlingRateLimit: signupThrottle.rateLimit, ThrottlingBurstLimit: signupThrottle.burstLimit },
      ]),
    );
    // Route settings name routes by key: CloudFormation rejects them if the routes do not exist yet.
    for (const route of signupRoutes) this.stage.node.addDependency(route);

    this.endpoint = this.api.apiEndpoint;
    new CfnOutput(Stack.of(this), 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.endpoint });

    // Only the routes defined here: a route added later must make its own case.
    const defaultRoute = this.api.node.findChild('DefaultRoute');
    for (const route of [defaultRoute, ...signupRoutes]) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public by design: the sign-up form and its JSON twin are for anonymous visitors, and every other path ' +
          '(confirm, check-in, feedback, unsubscribe, admin links) is authorized inside the app by an HMAC-signed, ' +
          'expiring, single-purpose token in the URL, checked before anything is read or written. An IAM or JWT ' +
          'authorizer would need recipients of an email to hold AWS or IdP credentials, which they do not.',
      });
    }
  }
}
