import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { EvidenceStack } from '../lib';

const app = new App();

// Environment-agnostic on purpose: synth needs no AWS account, deploy targets the CLI's credentials.
new EvidenceStack(app, 'HipaaEvidenceStack', {
  description: 'HIPAA continuous compliance evidence pipeline',
});

// Every finding is fixed or acknowledged on one construct with a reason; an unacknowledged error fails synth.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
