import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BatchUpdateFindingsCommand,
  BatchUpdateFindingsV2Command,
  GetFindingsCommand,
  GetFindingsV2Command,
  type OcsfFindingFilters,
  type OcsfStringField,
  paginateGetFindings,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { FINDINGS } from '../../../../infra/local/sandbox/aws/securityhub/seed.js';
import {
  type AwsCredentialIdentity,
  failure,
  type Sandbox,
  SEED,
  STATIC_CREDENTIALS,
  startSandbox,
} from './fixture.js';

function securityHub(
  sandbox: Sandbox,
  credentials: AwsCredentialIdentity = STATIC_CREDENTIALS,
  region = 'us-east-1',
) {
  return new SecurityHubClient({ endpoint: sandbox.url, region, credentials, maxAttempts: 1 });
}

// biome-ignore lint/suspicious/noExplicitAny: OCSF findings are JSON documents, read field by field.
type Ocsf = Record<string, any>;

const byId = (id: string) => ({ Id: [{ Value: id, Comparison: 'EQUALS' as const }] });
const ssh = { Id: FINDINGS.sshOpen, ProductArn: FINDINGS.products.securityHub };

describe('sandbox Security Hub (REST-JSON)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('gives the delegated administrator every member finding, filtered and paged', async () => {
    const client = securityHub(sandbox);
    const all = [];
    for await (const page of paginateGetFindings({ client, pageSize: 3 }, {})) {
      all.push(...(page.Findings ?? []));
    }
    assert.ok(all.length >= 10);
    assert.ok(all.some((f) => f.AwsAccountId === SEED.accounts.data));
    const { Findings } = await client.send(
      new GetFindingsCommand({ Filters: byId(FINDINGS.sshOpen) }),
    );
    assert.equal(Findings?.length, 1);
    assert.equal(Findings?.[0]?.Compliance?.SecurityControlId, 'EC2.13');
    assert.equal(Findings?.[0]?.Workflow?.Status, 'NEW');
    const controls = await client.send(
      new GetFindingsCommand({
        Filters: {
          ComplianceSecurityControlId: [{ Value: 'EC2.13', Comparison: 'EQUALS' }],
          WorkflowStatus: [{ Value: 'RESOLVED', Comparison: 'NOT_EQUALS' }],
        },
      }),
    );
    assert.deepEqual(
      controls.Findings?.map((f) => f.Id).sort(),
      [FINDINGS.sshOpen, FINDINGS.protectedGroup].sort(),
    );
  });

  it('writes back a workflow status and a note, and reports what it could not find', async () => {
    const client = securityHub(sandbox);
    const missing = { Id: `${FINDINGS.sshOpen}-nope`, ProductArn: FINDINGS.products.securityHub };
    const result = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [ssh, missing],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: 'closed by remediation r-1', UpdatedBy: 'alice' },
      }),
    );
    assert.deepEqual(result.ProcessedFindings, [ssh]);
    assert.equal(result.UnprocessedFindings?.[0]?.ErrorCode, 'FindingNotFound');
    const { Findings } = await client.send(
      new GetFindingsCommand({ Filters: byId(FINDINGS.sshOpen) }),
    );
    assert.equal(Findings?.[0]?.Workflow?.Status, 'RESOLVED');
    assert.equal(Findings?.[0]?.Note?.Text, 'closed by remediation r-1');
    assert.equal(Findings?.[0]?.Note?.UpdatedBy, 'alice');
    const bad = await failure(
      client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [ssh],
          Workflow: { Status: 'DONE' as 'NEW' },
        }),
      ),
    );
    assert.equal(bad.name, 'InvalidInputException');
    assert.equal(bad.$metadata.httpStatusCode, 400);
  });

  it('shows a member only its own findings and refuses an account without Security Hub', async () => {
    const member = securityHub(sandbox, { accessKeyId: SEED.accounts.data, secretAccessKey: 'x' });
    const { Findings } = await member.send(new GetFindingsCommand({}));
    assert.ok(Findings?.length);
    assert.ok(Findings?.every((f) => f.AwsAccountId === SEED.accounts.data));
    const stranger = securityHub(sandbox, {
      accessKeyId: SEED.accounts.noRemediationRole,
      secretAccessKey: 'x',
    });
    const denied = await failure(stranger.send(new GetFindingsCommand({})));
    assert.equal(denied.name, 'InvalidAccessException');
    assert.equal(denied.$metadata.httpStatusCode, 401);
  });

  it('speaks OCSF in v2: filters on metadata.uid, updates by uid or identifier', async () => {
    const client = securityHub(sandbox);
    const filter = (field: OcsfStringField, value: string): OcsfFindingFilters => ({
      CompositeFilters: [
        {
          StringFilters: [
            { FieldName: field, Filter: { Value: value, Comparison: 'EQUALS' as const } },
          ],
        },
      ],
    });
    const found = await client.send(
      new GetFindingsV2Command({ Filters: filter('metadata.uid', FINDINGS.sshOpen) }),
    );
    const [document] = (found.Findings ?? []) as Ocsf[];
    assert.equal(document?.metadata.uid, FINDINGS.sshOpen);
    assert.equal(document?.compliance.control, 'EC2.13');
    assert.equal(document?.status_id, 1);
    const updated = await client.send(
      new BatchUpdateFindingsV2Command({
        MetadataUids: [FINDINGS.sshOpen, 'no-such-finding'],
        StatusId: 4,
        Comment: 'closed by remediation r-2',
      }),
    );
    assert.equal(updated.ProcessedFindings?.length, 1);
    assert.equal(updated.UnprocessedFindings?.[0]?.ErrorCode, 'ResourceNotFoundException');
    const again = await client.send(
      new GetFindingsV2Command({ Filters: filter('finding_info.uid', FINDINGS.sshOpen) }),
    );
    const [after] = (again.Findings ?? []) as Ocsf[];
    assert.equal(after?.status, 'Resolved');
    assert.equal(after?.comment, 'closed by remediation r-2');
    // The same finding, read through the ASFF API, is RESOLVED too.
    const asff = await client.send(new GetFindingsCommand({ Filters: byId(FINDINGS.sshOpen) }));
    assert.equal(asff.Findings?.[0]?.Workflow?.Status, 'RESOLVED');
    const byIdentifier = await client.send(
      new BatchUpdateFindingsV2Command({
        FindingIdentifiers: [
          {
            CloudAccountUid: SEED.accounts.production,
            FindingInfoUid: FINDINGS.rdpOpen,
            MetadataProductUid: FINDINGS.products.securityHub,
          },
        ],
        StatusId: 2,
      }),
    );
    assert.equal(byIdentifier.ProcessedFindings?.length, 1);
    const invalid = await failure(client.send(new BatchUpdateFindingsV2Command({ StatusId: 4 })));
    assert.equal(invalid.name, 'ValidationException');
  });

  it('takes injected faults', async () => {
    sandbox.knobs.addFault({
      service: 'securityhub',
      action: 'BatchUpdateFindings',
      code: 'LimitExceededException',
      status: 429,
      times: 1,
    });
    const throttled = await failure(
      securityHub(sandbox).send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [ssh],
          Workflow: { Status: 'NOTIFIED' },
        }),
      ),
    );
    assert.equal(throttled.name, 'LimitExceededException');
  });
});
