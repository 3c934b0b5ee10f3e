import type { StsSession } from '../state.js';
import { assumedRoleArn, encodeSessionToken } from './identity.js';
import { randomCredentials } from './ids.js';
import type { Operation, QueryContext, ServiceDefinition } from './query.js';
import { QueryError, validationError } from './query-error.js';
import { trustAllows } from './trust.js';

const NAME_PATTERN = /^[\w+=,.@-]*$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/;
/** AWS caps a chained session (credentials of a role assuming another role) at one hour. */
const CHAINED_MAX_SECONDS = 3600;

const getCallerIdentity: Operation = ({ principal }) => ({
  UserId: principal.userId,
  Account: principal.accountId,
  Arn: principal.arn,
});

const assumeRole: Operation = (context) => {
  const { params, principal, world } = context;
  const input = validate(context);
  const chained = principal.session !== undefined;
  if (
    chained &&
    params.get('DurationSeconds') !== undefined &&
    input.durationSeconds > CHAINED_MAX_SECONDS
  ) {
    throw new QueryError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  const [, accountId = '', roleName = ''] = ROLE_ARN.exec(input.roleArn) ?? [];
  const role = world.accounts.get(accountId)?.iam.roles.get(roleName);
  const denied = (action: string) =>
    new QueryError(
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${input.roleArn}`,
      403,
    );
  if (!role || !trustAllows(role.assumeRolePolicyDocument, principal, 'sts:AssumeRole')) {
    throw denied('sts:AssumeRole');
  }
  if (
    input.sourceIdentity &&
    !trustAllows(role.assumeRolePolicyDocument, principal, 'sts:SetSourceIdentity')
  ) {
    throw denied('sts:SetSourceIdentity');
  }
  if (input.durationSeconds > role.maxSessionDuration) {
    throw new QueryError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const keys = randomCredentials();
  const session: StsSession = {
    accessKeyId: keys.accessKeyId,
    accountId,
    roleName: role.roleName,
    roleArn: role.arn,
    roleId: role.roleId,
    roleSessionName: input.roleSessionName,
    // A source identity, once set, follows the session through every chained AssumeRole.
    sourceIdentity: principal.session?.sourceIdentity ?? input.sourceIdentity,
    durationSeconds: input.durationSeconds,
    issuedAt: context.now,
    expiration: new Date(context.now.getTime() + input.durationSeconds * 1000),
    callerArn: principal.arn,
  };
  world.sts.sessions.push(session);
  role.roleLastUsed = { date: context.now, region: context.region };
  return {
    SourceIdentity: session.sourceIdentity,
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${session.roleSessionName}`,
      Arn: assumedRoleArn(session),
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: keys.secretAccessKey,
      SessionToken: encodeSessionToken(session),
      Expiration: session.expiration,
    },
  };
};

interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  sourceIdentity?: string;
  durationSeconds: number;
}

/** STS reports every broken constraint at once, in Smithy's words. */
function validate({ params }: QueryContext): AssumeRoleInput {
  const problems: string[] = [];
  const check = (
    member: string,
    value: string | undefined,
    min: number,
    max: number,
    pattern?: RegExp,
  ) => {
    if (value === undefined) {
      if (min > 0)
        problems.push(
          `Value null at '${member}' failed to satisfy constraint: Member must not be null`,
        );
      return;
    }
    const at = `Value '${value}' at '${member}' failed to satisfy constraint: Member must`;
    if (value.length < min) problems.push(`${at} have length greater than or equal to ${min}`);
    if (value.length > max) problems.push(`${at} have length less than or equal to ${max}`);
    if (pattern && !pattern.test(value)) {
      problems.push(`${at} satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
  };
  const roleArn = params.get('RoleArn');
  const roleSessionName = params.get('RoleSessionName');
  const sourceIdentity = params.get('SourceIdentity');
  check('roleArn', roleArn, 20, 2048);
  check('roleSessionName', roleSessionName, 2, 64, NAME_PATTERN);
  if (sourceIdentity !== undefined) check('sourceIdentity', sourceIdentity, 2, 64, NAME_PATTERN);
  const rawDuration = params.get('DurationSeconds');
  const durationSeconds = rawDuration === undefined ? 3600 : Number(rawDuration);
  if (!Number.isInteger(durationSeconds)) {
    problems.push(
      `Value '${rawDuration}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`,
    );
  } else if (durationSeconds < 900) {
    problems.push(
      `Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  } else if (durationSeconds > 43200) {
    problems.push(
      `Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
    );
  }
  if (problems.length > 0) throw validationError(problems);
  if (!ROLE_ARN.test(roleArn as string)) {
    throw new QueryError('ValidationError', `${roleArn} is invalid`);
  }
  return {
    roleArn: roleArn as string,
    roleSessionName: roleSessionName as string,
    sourceIdentity,
    durationSeconds,
  };
}

export const stsService: ServiceDefinition = {
  name: 'sts',
  version: '2011-06-15',
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
  style: 'query',
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
  unknownAction: (action) =>
    new QueryError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`),
};
