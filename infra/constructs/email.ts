/**
 * Outbound email: the sender domain as an SES identity with Easy DKIM, and the
 * configuration set every send goes through (reputation metrics, account-level
 * suppression of bounces and complaints, delivery events published to the
 * default EventBridge bus for ./delivery-events.ts). The DKIM CNAMEs are created
 * in Route 53 when a hosted zone id is given, and are stack outputs either way.
 */
import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * What the configuration set publishes to the default bus. Bounces and complaints are acted on
 * (./delivery-events.ts); rejects, delays and deliveries are there for an operator's rule or archive. SES events
 * on the default bus cost nothing until a rule matches them, and opens/clicks are not tracked at all.
 */
export const PUBLISHED_EMAIL_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.DELIVERY,
] as const;

export interface EmailProps {
  programId: string;
  senderDomain: string;
  /** Public hosted zone of `senderDomain`: DKIM records are then created automatically. */
  hostedZoneId?: string;
}

export class Email extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly eventDestination: ses.ConfigurationSetEventDestination;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `mentoring-${props.programId}`,
      sendingEnabled: true,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Emails carry signed links; never hand them to a server that will not take them over TLS.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    // SES can publish to the default bus only; the rule that consumes these events lives in ./delivery-events.ts.
    this.eventDestination = this.configurationSet.addEventDestination('EventBridge', {
      configurationSetEventDestinationName: 'eventbridge-default-bus',
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [...PUBLISHED_EMAIL_EVENTS],
    });

    const identity = props.hostedZoneId
      ? ses.Identity.publicHostedZone(
          route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
            hostedZoneId: props.hostedZoneId,
            zoneName: props.senderDomain,
          }),
        )
      : ses.Identity.domain(props.senderDomain);

    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity,
      // Sends that name no configuration set still get its metrics and suppression.
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });

    const stack = Stack.of(this);
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(stack, `DkimRecord${i + 1}`, {
        description: `DKIM record ${i + 1}/3 for ${props.senderDomain}: add as a CNAME (name value)`,
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
      });
    });
    new CfnOutput(stack, 'SesConfigurationSet', { value: this.configurationSet.configurationSetName });
  }
}
