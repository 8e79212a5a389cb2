/** `cdk synth` / `cdk deploy` entry (see cdk.json). Context keys: infra/context.ts. */
import { App } from 'aws-cdk-lib';
import { buildApp } from './build';
import { readContext } from './context';

const app = new App();
buildApp(app, readContext(app.node));
app.synth();
