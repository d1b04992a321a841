import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { EvidenceStack, MemberAccountStack } from '../lib';

const app = new App();

// `-c organizationId=o-...` adds the organization bus that member accounts forward to.
const organizationId: unknown = app.node.tryGetContext('organizationId');
if (organizationId !== undefined && typeof organizationId !== 'string') {
  throw new Error(
    `context organizationId must be a string such as o-a1b2c3d4e5, got ${String(organizationId)}`,
  );
}

// Environment-agnostic on purpose: synth needs no AWS account, deploy targets the CLI's credentials.
new EvidenceStack(app, 'HipaaEvidenceStack', {
  description: 'HIPAA continuous compliance evidence pipeline',
  pipeline: { organizationId },
});

// The member-account template for a service-managed StackSet (parameter CentralEventBusArn).
new MemberAccountStack(app, 'HipaaEvidenceMemberStack', {
  description: 'HIPAA evidence pipeline: forwards this member account events to the central account',
});

// Every finding is fixed or acknowledged on one construct with a reason; an unacknowledged error fails synth.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
