import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { QueryParams } from '../../../../infra/local/sandbox/aws/params.js';
import { renderXml, XmlEntries } from '../../../../infra/local/sandbox/aws/xml.js';
import { failure, type Sandbox, STATIC_CREDENTIALS, startSandbox, stsClient } from './fixture.js';

describe('query protocol helpers', () => {
  it('reads EC2 flattened lists and awsQuery member lists alike', () => {
    const ec2 = QueryParams.parse(
      'Action=X&Filter.2.Name=b&Filter.1.Name=a&Filter.1.Value.1=v1&Filter.1.Value.2=v%202&GroupId.1=sg-1',
    );
    assert.deepEqual(
      ec2.list('Filter').map((filter) => [filter.get('Name'), filter.strings('Value')]),
      [
        ['a', ['v1', 'v 2']],
        ['b', []],
      ],
    );
    assert.deepEqual(ec2.strings('GroupId'), ['sg-1']);
    const query = QueryParams.parse(
      'Tags.member.1.Key=k&Tags.member.1.Value=v+w&Tags.member.2.Key=k2',
    );
    assert.deepEqual(
      query.list('Tags').map((tag) => [tag.get('Key'), tag.get('Value')]),
      [
        ['k', 'v w'],
        ['k2', undefined],
      ],
    );
  });

  it('renders <item> lists for EC2, <member> lists for awsQuery, maps as entries, and escapes', () => {
    const value = { tagSet: [{ key: 'a&b', value: '<"x">' }], empty: [], skipped: undefined, n: 0 };
    assert.equal(
      renderXml(value, 'ec2'),
      '<tagSet><item><key>a&amp;b</key><value>&lt;&quot;x&quot;&gt;</value></item></tagSet><empty/><n>0</n>',
    );
    assert.equal(
      renderXml({ Users: [{ UserName: 'u' }] }, 'query'),
      '<Users><member><UserName>u</UserName></member></Users>',
    );
    assert.equal(
      renderXml({ SummaryMap: new XmlEntries({ Users: 3 }) }, 'query'),
      '<SummaryMap><entry><key>Users</key><value>3</value></entry></SummaryMap>',
    );
    assert.equal(renderXml(new Date('2025-06-16T13:12:00.000Z'), 'query'), '2025-06-16T13:12:00Z');
  });
});

describe('query protocol endpoint', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());

  it("answers an unknown Action with each service's own InvalidAction error", async () => {
    const config = { endpoint: sandbox.url, region: 'us-east-1', credentials: STATIC_CREDENTIALS };
    const ec2 = await failure(new EC2Client(config).send(new DescribeVpcsCommand({})));
    assert.equal(ec2.name, 'InvalidAction');
    assert.equal(ec2.$metadata.httpStatusCode, 400);
    const sts = await failure(stsClient(sandbox).send(new GetSessionTokenCommand({})));
    assert.equal(sts.name, 'InvalidAction');
    assert.equal(sts.message, 'Could not find operation GetSessionToken for version 2011-06-15');
    const iam = await failure(
      new IAMClient(config).send(new ListOpenIDConnectProvidersCommand({})),
    );
    assert.equal(iam.name, 'InvalidAction');
  });

  it('shapes EC2 errors as <Response><Errors> and awsQuery errors as <ErrorResponse>', async () => {
    const post = (body: string) =>
      fetch(`${sandbox.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });
    const ec2 = await post('Action=Nope&Version=2016-11-15');
    assert.equal(ec2.status, 400);
    assert.match(
      await ec2.text(),
      /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>.*<\/Message><\/Error><\/Errors><RequestID>[\w-]+<\/RequestID><\/Response>$/,
    );
    const sts = await post('Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(sts.status, 200);
    const text = await sts.text();
    assert.match(
      text,
      /^<\?xml[^>]*>\n<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    );
    assert.match(
      text,
      /<GetCallerIdentityResult>.*<Account>111111111111<\/Account>.*<\/GetCallerIdentityResult>/,
    );
    assert.match(
      text,
      /<ResponseMetadata><RequestId>[\w-]+<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
    const iam = await post('Action=ListOpenIDConnectProviders&Version=2010-05-08');
    assert.match(
      await iam.text(),
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
    );
  });

  it('leaves other requests to the other routes', async () => {
    const response = await fetch(`${sandbox.url}/not-aws`);
    assert.equal(response.status, 404);
  });
});
