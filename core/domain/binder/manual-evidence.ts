/**
 * HIPAA Security Rule standards and implementation specifications that configuration and API
 * evidence cannot show. The binder lists them as needing manual evidence (policies, records of
 * training, signed agreements), so a reader never mistakes silence for compliance. `evidence upload`
 * files documents under these citations; the binder lists them in its human sign-off section.
 *
 * Reviews are not here: information system activity review (164.308(a)(1)(ii)(D)) and access review
 * are attested with `evidence attest` and judged by the catalog's log-review and access-review
 * controls (ATTESTED_SPECIFICATIONS), so the binder shows them as evidence, with overdue ones flagged.
 */
export interface ManualSpecification {
  citation: string;
  title: string;
  requirement: 'required' | 'addressable' | 'standard';
  /** what an investigator will ask to see */
  evidenceExpected: string;
}

export const MANUAL_SPECIFICATIONS: readonly ManualSpecification[] = [
  {
    citation: '164.308(a)(1)(ii)(A)',
    title: 'Risk analysis',
    requirement: 'required',
    evidenceExpected: 'the current, organisation-wide risk analysis covering every system that holds ePHI',
  },
  {
    citation: '164.308(a)(1)(ii)(B)',
    title: 'Risk management',
    requirement: 'required',
    evidenceExpected: 'the risk management plan and the status of each planned measure',
  },
  {
    citation: '164.308(a)(3)(ii)(A)',
    title: 'Authorization and/or supervision',
    requirement: 'addressable',
    evidenceExpected: 'procedures for authorising and supervising workforce members who work with ePHI',
  },
  {
    citation: '164.308(a)(4)(ii)(B)',
    title: 'Access authorization',
    requirement: 'addressable',
    evidenceExpected:
      'access requests and approvals (periodic access reviews are attested: see the access-review control)',
  },
  {
    citation: '164.308(a)(5)',
    title: 'Security awareness and training',
    requirement: 'standard',
    evidenceExpected: 'the training programme and completion records for every workforce member',
  },
  {
    citation: '164.308(a)(6)',
    title: 'Security incident procedures',
    requirement: 'standard',
    evidenceExpected:
      'the incident response procedure and the record of each incident in the period: what happened, the response and the outcome (detection itself, GuardDuty and Security Hub enabled, and the notable-activity review are evidenced by configuration under 164.308(a)(6)(i) and (ii))',
  },
  {
    citation: '164.308(a)(7)',
    title: 'Contingency plan',
    requirement: 'standard',
    evidenceExpected:
      'the written data backup, disaster recovery and emergency mode operation plans, and the records of their tests and revisions (the backups themselves, backup plans, point-in-time recovery, replication and multi-AZ, are evidenced by configuration under 164.308(a)(7)(i), (ii)(A)-(C) and 164.310(d)(2)(iv))',
  },
  {
    citation: '164.308(a)(8)',
    title: 'Evaluation',
    requirement: 'standard',
    evidenceExpected:
      'the periodic technical and non-technical evaluation of the safeguards (continuous technical checks, Security Hub enabled, are evidenced by configuration; the evaluation and its conclusions are a document)',
  },
  {
    citation: '164.308(b)(1)',
    title: 'Business associate contracts and other arrangements',
    requirement: 'standard',
    evidenceExpected:
      'signed business associate agreements with every business associate that handles ePHI (including the AWS BAA)',
  },
  {
    citation: '164.310',
    title: 'Physical safeguards (facility access, workstation use and security, device and media controls)',
    requirement: 'standard',
    evidenceExpected:
      'for the organisation’s own facilities and devices: facility security plan, workstation policies, media disposal and re-use records; AWS data centres are covered by AWS’s SOC 2 and ISO 27001 reports under the shared responsibility model',
  },
  {
    citation: '164.312(c)(1)',
    title: 'Integrity (ePHI not improperly altered or destroyed)',
    requirement: 'standard',
    evidenceExpected:
      'application-level integrity mechanisms for ePHI itself: how the applications detect improper alteration of records (storage safeguards, S3 versioning and Object Lock, CloudTrail log file validation and deletion protection, are evidenced by configuration under 164.312(c)(1) and (c)(2))',
  },
  {
    citation: '164.316(a)',
    title: 'Policies and procedures',
    requirement: 'standard',
    evidenceExpected: 'the written security policies and procedures in force during the period',
  },
];

/** Specifications evidenced by human attestations (`evidence attest`), with the control that judges them. */
export const ATTESTED_SPECIFICATIONS: readonly { citation: string; controlId: string; kind: string }[] = [
  { citation: '164.308(a)(1)(ii)(D)', controlId: 'log-review', kind: 'log-review' },
  { citation: '164.312(b)', controlId: 'log-review', kind: 'log-review' },
  { citation: '164.308(a)(3)(ii)(B)', controlId: 'access-review', kind: 'access-review' },
  { citation: '164.308(a)(4)(ii)(C)', controlId: 'access-review', kind: 'access-review' },
];
