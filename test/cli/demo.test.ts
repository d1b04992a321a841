import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_DENIED_FROM, demoAccountOn } from '../../cli/demo/account';
import { demoCollectors } from '../../cli/demo/collectors';
import { unzip } from '../helpers/binder';
import { run } from '../helpers/run-cli';

interface DemoJson {
  ingest: { received: number; duplicates: number };
  sweeps: { runs: number; observations: number; stored: number; failed: number; collectionGaps: string[] };
  status: {
    asOf: string;
    gaps: { region: string; controlId: string; cause: string; since: string }[];
    controls: {
      controlId: string;
      status: string;
      resources: {
        status: string;
        subject: { resourceType: string; resourceId: string; arn?: string; alias?: string };
      }[];
    }[];
    reviews: { controlId: string; overdue: boolean; lastApprovedAt?: string; dueAt?: string }[];
    notable: {
      kind: string;
      what: string;
      at: string;
      outcome: string;
      sourceIpAddress?: string;
      citations: string[];
    }[];
  };
  slack: { messages: number; wouldSend: string[]; payloads: string };
  verify: { ok: boolean };
  binder: { zip: string; records: number; publicKeyFingerprint: string };
}

describe('evidence demo: the month with daily sweeps, sign-offs and a collection gap', () => {
  let dir: string;
  let demo: DemoJson;

  beforeAll(async () => {
    // Prepare / Act: one run of the whole month
    dir = mkdtempSync(join(tmpdir(), 'evidence-demo-'));
    const res = await run('demo', '--data-dir', join(dir, 'data'), '--json');
    expect(res.code).toBe(0);
    demo = JSON.parse(res.stdout);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const control = (id: string) => demo.status.controls.find((c) => c.controlId === id);

  it('sweeps every day of October and stores only what changed', () => {
    expect(demo.sweeps.runs).toBe(31);
    expect(demo.sweeps.failed).toBe(0);
    expect(demo.sweeps.stored).toBeLessThan(demo.sweeps.observations / 5);
    expect(demo.sweeps.collectionGaps).toEqual(['iam:GenerateCredentialReport AccessDenied from 2026-10-28']);
    // the public-exposure story adds four events, carol's console password (CreateLoginProfile) one,
    // GuardDuty's detector (recorded on the 1st, suspended and recorded again on the 23rd) three
    expect(demo.ingest).toMatchObject({ received: 33, duplicates: 1 });
  });

  it('shows at month end the overdue log review, the approved access review and the excepted retention', () => {
    expect(demo.status.asOf).toBe('2026-10-31T23:59:59.999Z');
    const log = demo.status.reviews.find((r) => r.controlId === 'log-review');
    expect(log).toMatchObject({ overdue: true, dueAt: expect.stringMatching(/^2026-10-25/) });
    expect(control('log-review')?.status).toBe('NON_COMPLIANT');
    expect(demo.status.reviews.find((r) => r.controlId === 'access-review')).toMatchObject({
      overdue: false,
      lastApprovedAt: expect.stringMatching(/^2026-10-06/),
    });
    expect(control('access-review')?.status).toBe('COMPLIANT');
    expect(control('log-retention')?.status).toBe('EXCEPTED');
  });

  it('shows the coverage gaps open at month end: the credential report denied from the 28th', () => {
    const failed = demo.status.gaps.filter((g) => g.cause === 'collection-failed');
    // the credential report is what the MFA, root and unused-console-password controls read
    const reportControls = ['iam-user-console-unused', 'iam-user-mfa', 'root-account-use'];
    expect(failed.map((g) => g.controlId).sort()).toEqual(reportControls);
    for (const g of failed) expect(g.since).toBe('2026-10-28T02:00:00.000Z');
    // every other control was re-observed by the last sweep: no control is stale for lack of sweeps
    expect(demo.status.gaps.every((g) => reportControls.includes(g.controlId))).toBe(true);
  });

  it('shows GuardDuty suspended on the 23rd: non-compliant at month end, announced with who did it', () => {
    expect(control('guardduty-enabled')).toMatchObject({
      status: 'NON_COMPLIANT',
      resources: [
        {
          status: 'NON_COMPLIANT',
          subject: { resourceType: 'AWS::GuardDuty::Detector', resourceId: '111122223333' },
        },
      ],
    });
    const announced = demo.slack.wouldSend.filter((m) =>
      m.includes('guardduty-enabled: COMPLIANT -> NON_COMPLIANT'),
    );
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain('2026-10-23T19:41:00.000Z by arn:aws:iam::111122223333:user/bob.devops');
    expect(demoAccountOn(23).guardDutyEnabled).toBe(true);
    expect(demoAccountOn(24).guardDutyEnabled).toBe(false);
  });

  it('announces the gap and the overdue review without flooding Slack', () => {
    // 31 daily sweeps re-observe every failing resource: each change is announced once, not once a day
    expect(new Set(demo.slack.wouldSend).size).toBe(demo.slack.wouldSend.length);
    expect(demo.slack.messages).toBeLessThan(demo.sweeps.runs);
    expect(demo.slack.wouldSend.some((m) => m.includes('HIPAA::Coverage::Control iam-user-mfa'))).toBe(true);
    expect(demo.slack.wouldSend.some((m) => m.includes('HIPAA::Review::LogReview'))).toBe(true);
  });

  /** The Block Kit payloads the demo wrote: exactly what it would POST to the webhook. */
  const payloads = () =>
    JSON.parse(readFileSync(demo.slack.payloads, 'utf8')) as { text: string; blocks: { type: string }[] }[];

  it('writes the Block Kit payloads to a file in the data dir, oldest first, their texts as listed', () => {
    expect(demo.slack.payloads).toBe(join(dir, 'data', 'slack-payloads.json'));
    const sent = payloads();
    expect(sent).toHaveLength(demo.slack.messages);
    expect(sent.map((p) => p.text)).toEqual(demo.slack.wouldSend);
    expect(sent.every((p) => p.blocks[0]?.type === 'header' && p.blocks.at(-1)?.type === 'context')).toBe(
      true,
    );
    // each message's first time (when it happened): in date order, though the review is found at month end
    const times = sent.map((p) => /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/.exec(p.text)?.[0] ?? '');
    expect(times.every((t) => t !== '')).toBe(true);
    expect([...times].sort()).toEqual(times);
  });

  it('sends one message for the denied credential report: the collector and the coverage of both controls', () => {
    const onThe28th = payloads().filter((p) => p.text.includes('2026-10-28T02:00'));
    expect(onThe28th).toHaveLength(1);
    const text = onThe28th[0]?.text ?? '';
    expect(text.split('\n')[0]).toMatch(
      /^Collection gap: the sweep could not call iam:GenerateCredentialReport; 3 controls without evidence \(iam-user-console-unused, iam-user-mfa, root-account-use\)/,
    );
    for (const fragment of [
      'iam-user-mfa (164.312(d), 164.312(a)(1)) on HIPAA::Coverage::Collector iam:GenerateCredentialReport',
      'root-account-use (164.312(a)(1), 164.308(a)(3)(ii)(B), 164.312(a)(2)(i)) on HIPAA::Coverage::Collector iam:GenerateCredentialReport',
      'HIPAA::Coverage::Control iam-user-mfa',
      'HIPAA::Coverage::Control root-account-use',
      'by the daily sweep, the coverage check',
      'Fix: Let the sweep role call iam:GenerateCredentialReport again',
    ])
      expect(text).toContain(fragment);
  });

  it('flags the ePHI bucket in the headline, names who acted, and gives the fix', () => {
    const drift = payloads().find((p) => p.text.startsWith('Drift: regressed: S3 buckets encrypt'));
    const [headline, who] = drift?.text.split('\n') ?? [];
    expect(headline).toContain(
      'on AWS::S3::Bucket rch-ephi-patient-records (ePHI) in 111122223333/us-east-1',
    );
    expect(who).toBe(
      's3-bucket-encryption: COMPLIANT -> NON_COMPLIANT at 2026-10-06T10:02:00.000Z by arn:aws:iam::111122223333:user/bob.devops',
    );
    expect(drift?.text).toContain('Fix: Turn on default encryption (SSE-KMS) on the bucket');
    const blocks = JSON.stringify(drift?.blocks);
    expect(JSON.stringify(drift?.blocks[0])).toContain('· ePHI');
    expect(blocks).toContain('*Fix*\\nTurn on default encryption (SSE-KMS) on the bucket');
    // a log group without the ePHI tag is not flagged
    const logs = payloads().find((p) => p.text.includes('/rch/ehr/application'));
    expect(logs?.text).not.toContain('ePHI');
  });

  it('shows the public exposures: a bucket public for under an hour, a snapshot still shared at month end', () => {
    const sent = demo.slack.wouldSend;
    const bucket = 'on AWS::S3::Bucket rch-ephi-patient-records';
    const opened = sent.find((m) => m.startsWith('Drift: regressed: 2 controls') && m.includes(bucket));
    expect(opened).toMatch(/s3-bucket-public-access-block/);
    expect(opened).toMatch(/s3-bucket-public-read-write/);
    expect(opened).toContain('2026-10-09T13:03');
    const closed = sent.find((m) => m.startsWith('Resolved: 2 controls') && m.includes(bucket));
    expect(closed).toMatch(/s3-bucket-public-read-write, s3-bucket-public-access-block/);
    expect(closed).toContain('2026-10-09T13:48');
    expect(sent.some((m) => m.startsWith('New finding: RDS snapshots are not shared publicly'))).toBe(true);
    expect(control('s3-bucket-public-read-write')?.status).toBe('COMPLIANT');
    const snapshots = control('rds-snapshot-public');
    expect(snapshots?.status).toBe('NON_COMPLIANT');
    // real resources from the sweep's new collectors, not only collector bookkeeping
    for (const [id, type] of [
      ['rds-snapshot-public', 'AWS::RDS::DBSnapshot'],
      ['network-acl-admin-ports', 'AWS::EC2::NetworkAcl'],
      ['lambda-function-public-policy', 'AWS::Lambda::Function'],
      ['ec2-instance-public-ip', 'AWS::EC2::Instance'],
      ['s3-account-public-access-block', 'AWS::S3::AccountPublicAccessBlock'],
    ])
      expect(
        control(id as string)?.resources.map((r) => r.subject.resourceType),
        id,
      ).toContain(type);
  });

  it('names carol.billing once per control, by name with her unique id as alias, with one verdict', async () => {
    for (const id of ['iam-user-mfa', 'iam-access-keys']) {
      const users = control(id)?.resources.filter((r) => r.subject.resourceType === 'AWS::IAM::User') ?? [];
      expect(users.map((u) => u.subject.resourceId).sort(), id).toEqual([
        'alice.nguyen',
        'bob.devops',
        'carol.billing',
      ]);
      const carol = users.find((u) => u.subject.resourceId === 'carol.billing');
      expect(carol?.subject).toMatchObject({
        arn: 'arn:aws:iam::111122223333:user/carol.billing',
        alias: 'AIDACAROL0EXAMPLE0002',
      });
    }
    // Config's MFA rule and the sweep's credential report agree: console password, no MFA
    const mfa = control('iam-user-mfa')?.resources.find((r) => r.subject.resourceId === 'carol.billing');
    expect(mfa?.status).toBe('NON_COMPLIANT');
    const html = (await unzip(demo.binder.zip)).get('index.html')?.toString('utf8') ?? '';
    expect(html).toContain('arn:aws:iam::111122223333:user/carol.billing (alias AIDACAROL0EXAMPLE0002)');
    expect(html).not.toMatch(/>AIDACAROL0EXAMPLE0002</);
  });

  it('flags the worst events of the month as notable activity, in status and in Slack', () => {
    const notable = demo.status.notable;
    expect(notable.map((n) => [n.at.slice(0, 16), n.kind, n.outcome])).toEqual([
      ['2026-10-18T23:10', 'denied-attempt', 'denied'],
      // carol.billing gets a console password, then an access key, and never an MFA device
      ['2026-10-21T11:29', 'login-profile-created', 'succeeded'],
      ['2026-10-21T11:30', 'access-key-created', 'succeeded'],
      ['2026-10-25T06:12', 'root-sign-in', 'succeeded'],
    ]);
    expect(notable[0]).toMatchObject({
      sourceIpAddress: '203.0.113.77',
      what: expect.stringMatching(/^StopLogging/),
    });
    expect(notable[1]?.what).toContain('carol.billing');
    expect(notable[2]?.what).toContain('carol.billing');
    expect(notable[3]?.what).toBe('root user signed in to the console without MFA');
    for (const n of notable) expect(n.citations).toContain('164.308(a)(1)(ii)(D)');
    const slack = demo.slack.wouldSend.filter((m) => m.includes('not a posture change'));
    expect(slack.map((m) => m.split(' (')[0])).toEqual([
      'Denied attempt',
      'Console password created',
      'Access key created',
      'Root user sign-in',
    ]);
  });

  it('puts each notable event on the binder pages of the citations it bears on (PDF, HTML, OSCAL)', async () => {
    const files = await unzip(demo.binder.zip);
    const pdfBytes = [...files.entries()].find(([name]) => name.endsWith('.pdf'))?.[1];
    const pdf = await getDocumentProxy(new Uint8Array(pdfBytes ?? Buffer.alloc(0)));
    const text = ((await extractText(pdf, { mergePages: false })).text as string[]).join('\n');
    /** a citation page's text: from its heading (which may wrap) to the next citation's heading */
    const headingAt = (from: number) =>
      text
        .slice(from)
        .search(
          /\n164\.3\d\d\([a-z]\)[^\n]*(\n[^\n]*)?\n(Required|Addressable) implementation specification/,
        );
    const page = (heading: string) => {
      const escaped = heading.replace(/[().]/g, '\\$&').replace(/ /g, '\\s+');
      const start = text.search(
        new RegExp(`${escaped}\\n(Required|Addressable) implementation specification`),
      );
      expect(start).toBeGreaterThan(0);
      const next = headingAt(start + 1);
      return text.slice(start, next < 0 ? undefined : start + 1 + next);
    };
    const incidents = page('164.308(a)(6)(ii) Response and reporting');
    expect(incidents).toContain('StopLogging attempted on');
    expect(incidents).toMatch(/root user signed in to the\s+console/);
    expect(incidents).not.toContain('AKIACAROLEXAMPLE0001');
    const access = page('164.308(a)(4)(ii)(C) Access establishment and modification');
    expect(access).toContain('AKIACAROLEXAMPLE0001');
    expect(access).not.toContain('StopLogging attempted');
    const review = page('164.308(a)(1)(ii)(D) Information system activity review');
    for (const what of ['StopLogging attempted', 'AKIACAROLEXAMPLE0001', 'root user signed in'])
      expect(review).toContain(what);
    expect(text).toContain('Notable activity to review: 4 event(s)');

    const html = files.get('index.html')?.toString('utf8') ?? '';
    const section = (citation: string) =>
      html.split(`<h2 id="c-${citation.replace(/[^A-Za-z0-9]/g, '-')}">`)[1]?.split('<h2')[0] ?? '';
    expect(section('164.308(a)(6)(ii)')).toContain('203.0.113.77');
    expect(section('164.308(a)(4)(ii)(C)')).toContain('carol.billing');
    const oscal = files.get('oscal/assessment-results.json')?.toString('utf8') ?? '';
    expect(oscal.match(/notable activity: /g)).toHaveLength(4);
  });

  it('writes a binder that lists the gap and the overdue review, and that verifies', async () => {
    const files = await unzip(demo.binder.zip);
    const html = files.get('index.html')?.toString('utf8') ?? '';
    expect(html).toContain('the sweep could not call iam:GenerateCredentialReport');
    // the date is kept whole in a browser (index.html sets it nowrap)
    expect(html).toContain('overdue since <span class="nw">2026-10-25</span>');
    const oscal = files.get('oscal/assessment-results.json')?.toString('utf8') ?? '';
    expect(oscal).toContain('collection-failed');

    const verified = await run(
      'verify',
      demo.binder.zip,
      '--fingerprint',
      demo.binder.publicKeyFingerprint,
      '--json',
    );
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout).trust).toMatchObject({ status: 'trusted', by: 'fingerprint' });
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] });
    // the month's days are checkpointed the morning after it, so every record is proven in a signed day
    const anchors = JSON.parse(verified.stdout).anchors;
    expect(anchors.checkpoints).toBe(31);
    expect(anchors.unanchoredRecords).toBe(0);
    expect(anchors.anchoredRecords).toBe(demo.binder.records);
  });
});

describe('the demo account as the sweep reads it', () => {
  it('agrees with the events: a change on day N is read from day N+1', () => {
    expect(demoAccountOn(6).bucketEncrypted).toBe(true);
    expect(demoAccountOn(7).bucketEncrypted).toBe(false);
    expect(demoAccountOn(8).bucketEncrypted).toBe(true);
    expect(demoAccountOn(10).logRetentionDays).toBe(2557);
    expect(demoAccountOn(11).logRetentionDays).toBe(30);
    expect(demoAccountOn(15).trailLogging).toBe(false);
    expect(demoAccountOn(21).users.map((u) => u.userName)).not.toContain('carol.billing');
    expect(demoAccountOn(22).users.map((u) => u.userName)).toContain('carol.billing');
    // created on the 21st with a console password (CreateLoginProfile) and no MFA
    expect(demoAccountOn(22).users.find((u) => u.userName === 'carol.billing')).toMatchObject({
      consoleAccess: true,
      userId: 'AIDACAROL0EXAMPLE0002',
    });
    expect(demoAccountOn(22).users.find((u) => u.userName === 'carol.billing')?.mfaEnabledOn).toBeUndefined();
  });

  it('reports the denied credential report as a failed API, and no root user, from the 28th', async () => {
    const ctx = { region: 'us-east-1', startedAt: new Date('2026-10-28T02:00:00.000Z'), concurrency: 4 };
    const iamOn = async (day: number) => {
      const iam = demoCollectors(day).find((c) => c.service === 'iam');
      if (!iam) throw new Error('no iam collector');
      return iam.collect(ctx);
    };
    const before = await iamOn(CREDENTIAL_REPORT_DENIED_FROM - 1);
    const after = await iamOn(CREDENTIAL_REPORT_DENIED_FROM);

    expect(before.apis.flatMap((a) => a.failures)).toEqual([]);
    expect(before.items.some((i) => i.detail.kind === 'iam-root')).toBe(true);
    expect(after.apis.find((a) => a.api === 'iam:GenerateCredentialReport')?.failures).toEqual([
      expect.objectContaining({ errorCode: 'AccessDenied' }),
    ]);
    expect(after.items.some((i) => i.detail.kind === 'iam-root')).toBe(false);
  });
});
