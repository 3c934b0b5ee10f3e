import { pathToFileURL } from 'node:url';
import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { SEED } from '../infra/local/sandbox/seed.js';
import { startHarness } from '../test/helpers/harness.js';
import { createLoadedUser, type LoadedUserCounts, memberIam } from '../test/helpers/member-iam.js';

/** AWS's per-user maximum of every item (inline policies are bounded by size; 20 small ones fit). */
const MAXIMAL_USER: LoadedUserCounts = {
  loginProfile: true,
  accessKeys: 2,
  signingCertificates: 2,
  sshPublicKeys: 5,
  serviceCredentials: 2,
  virtualMfa: 8,
  inlinePolicies: 20,
  managedPolicies: 10,
  groups: 10,
};
const LATENCY_MS = 100;
/** API Gateway's integration timeout. */
const LIMIT_MS = 29_000;
const ACCOUNT = SEED.accounts.production;

export interface DeleteUserBenchResult {
  /** Wall time of deleteIamUser through HTTP, plan and apply. */
  wallMs: number;
  /** AWS calls the API made (AssumeRole included). */
  awsCalls: number;
  steps: number;
  outcome: string;
  /** The same user deleted by a naive script: one call at a time, List then Delete per family. */
  baselineWallMs: number;
  baselineAwsCalls: number;
  /** baselineWallMs / wallMs: above 1 means the API is faster. */
  speedup: number;
  latencyMs: number;
  withinLimit: boolean;
}

/**
 * Deletes a user holding the maximum of every item through the API, with 100 ms added to every
 * AWS call, then deletes an identical user with a naive sequential script for comparison.
 */
export async function benchDeleteUser(): Promise<DeleteUserBenchResult> {
  const h = await startHarness();
  try {
    const iam = await memberIam(h.sandbox.url, ACCOUNT);
    await createLoadedUser(iam, h.sandbox, ACCOUNT, 'bench-api-user', MAXIMAL_USER);
    await createLoadedUser(iam, h.sandbox, ACCOUNT, 'bench-naive-user', MAXIMAL_USER);
    const responder = h.tokens.user('bench', { groups: ['security-responders'] });
    h.sandbox.knobs.setLatency(LATENCY_MS);

    h.sandbox.knobs.calls = [];
    const started = performance.now();
    const response = await h.call(responder, {
      method: 'POST',
      url: '/iam/users/delete',
      payload: {
        accountId: ACCOUNT,
        userName: 'bench-api-user',
        ticket: 'BENCH-1',
        reason: 'benchmark',
      },
    });
    const wallMs = performance.now() - started;
    const awsCalls = h.sandbox.knobs.calls.length;
    const body = response.json();

    h.sandbox.knobs.calls = [];
    const baselineStarted = performance.now();
    await deleteNaively(iam, 'bench-naive-user');
    const baselineWallMs = performance.now() - baselineStarted;
    const baselineAwsCalls = h.sandbox.knobs.calls.length;
    iam.destroy();
    return {
      wallMs: Math.round(wallMs),
      awsCalls,
      steps: body.steps?.length ?? 0,
      outcome: body.outcome,
      baselineWallMs: Math.round(baselineWallMs),
      baselineAwsCalls,
      speedup: Math.round((baselineWallMs / wallMs) * 100) / 100,
      latencyMs: LATENCY_MS,
      withinLimit: wallMs < LIMIT_MS && body.outcome === 'remediated',
    };
  } finally {
    await h.close();
  }
}

/**
 * What a straightforward clean-up script does: each family listed (every page) and then deleted,
 * one call at a time. It keeps no evidence (no last use, no policy documents).
 */
async function deleteNaively(iam: IAMClient, UserName: string): Promise<void> {
  const all = async <T>(list: (Marker?: string) => Promise<{ items: T[]; Marker?: string }>) => {
    const items: T[] = [];
    let marker: string | undefined;
    do {
      const page = await list(marker);
      items.push(...page.items);
      marker = page.Marker;
    } while (marker);
    return items;
  };
  const hasPassword = await iam
    .send(new GetLoginProfileCommand({ UserName }))
    .then(() => true)
    .catch(() => false);
  if (hasPassword) await iam.send(new DeleteLoginProfileCommand({ UserName }));
  for (const key of await all(async (Marker) => {
    const page = await iam.send(new ListAccessKeysCommand({ UserName, Marker }));
    return { items: page.AccessKeyMetadata ?? [], Marker: page.Marker };
  })) {
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId }));
  }
  for (const cert of await all(async (Marker) => {
    const page = await iam.send(new ListSigningCertificatesCommand({ UserName, Marker }));
    return { items: page.Certificates ?? [], Marker: page.Marker };
  })) {
    await iam.send(
      new DeleteSigningCertificateCommand({ UserName, CertificateId: cert.CertificateId }),
    );
  }
  for (const key of await all(async (Marker) => {
    const page = await iam.send(new ListSSHPublicKeysCommand({ UserName, Marker }));
    return { items: page.SSHPublicKeys ?? [], Marker: page.Marker };
  })) {
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: key.SSHPublicKeyId }));
  }
  for (const credential of await all(async (Marker) => {
    const page = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName, Marker }));
    return { items: page.ServiceSpecificCredentials ?? [], Marker: page.Marker };
  })) {
    await iam.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName,
        ServiceSpecificCredentialId: credential.ServiceSpecificCredentialId,
      }),
    );
  }
  for (const device of await all(async (Marker) => {
    const page = await iam.send(new ListMFADevicesCommand({ UserName, Marker }));
    return { items: page.MFADevices ?? [], Marker: page.Marker };
  })) {
    await iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber: device.SerialNumber }));
    if (device.SerialNumber?.startsWith('arn:')) {
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber }));
    }
  }
  for (const PolicyName of await all(async (Marker) => {
    const page = await iam.send(new ListUserPoliciesCommand({ UserName, Marker }));
    return { items: page.PolicyNames ?? [], Marker: page.Marker };
  })) {
    await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName }));
  }
  for (const policy of await all(async (Marker) => {
    const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
    return { items: page.AttachedPolicies ?? [], Marker: page.Marker };
  })) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: policy.PolicyArn }));
  }
  for (const group of await all(async (Marker) => {
    const page = await iam.send(new ListGroupsForUserCommand({ UserName, Marker }));
    return { items: page.Groups ?? [], Marker: page.Marker };
  })) {
    await iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: group.GroupName }));
  }
  await iam.send(new DeleteUserCommand({ UserName }));
}

export function formatDeleteUserBench(result: DeleteUserBenchResult): string {
  return [
    `deleteIamUser, user with the maximum of every item, ${result.latencyMs} ms per AWS call:`,
    `  API (plan + apply over HTTP): ${result.wallMs} ms, ${result.awsCalls} AWS calls, ${result.steps} steps, ${result.outcome}`,
    `  naive sequential script:      ${result.baselineWallMs} ms, ${result.baselineAwsCalls} AWS calls`,
    `  speed-up ${result.speedup}x; ${result.withinLimit ? 'well inside' : 'NOT inside'} API Gateway's ${LIMIT_MS / 1000} s limit`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchDeleteUser();
  console.log(formatDeleteUserBench(result));
  if (!result.withinLimit) process.exitCode = 1;
}
