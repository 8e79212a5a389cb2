/** `cdk synth` / `cdk deploy` entry (see cdk.json). Context keys: infra/context.ts. */
import { App } from 'aws-cdk-lib';
import { buildEmails } from '../scripts/build-emails';
import { buildApp } from './build';
import { readContext } from './context';

// The functions import the compiled email templates, a generated file that git does not keep:
// build it here so `cdk synth` and `cdk deploy` work straight after a clone (a no-op when up to date).
await buildEmails();

const app = new App();
buildApp(app, readContext(app.node));
app.synth();
