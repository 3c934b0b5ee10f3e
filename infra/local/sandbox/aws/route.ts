import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Route, SandboxRequest, SandboxResponse } from '../http.js';
import type { Knobs } from '../knobs.js';
import type { World } from '../state.js';
import { autoScalingService } from './autoscaling/service.js';
import { bucketOf } from './ec2/rate-limits.js';
import { ec2Service } from './ec2/service.js';
import { elbv2Service } from './elbv2/service.js';
import { iamService } from './iam/service.js';
import { type CredentialProblem, type Principal, resolvePrincipal } from './identity.js';
import { createInspectRoute } from './inspect.js';
import { createOrganizationsRoute } from './organizations/route.js';
import { QueryParams } from './params.js';
import { createQBusinessRoute } from './qbusiness/route.js';
import { type QueryContext, renderError, renderSuccess, type ServiceDefinition } from './query.js';
import { QueryError } from './query-error.js';
import { createSecurityHubRoute } from './securityhub/route.js';
import { readCredentialScope, readSessionToken } from './signature.js';
import { stsService } from './sts.js';

const SERVICES: Record<string, ServiceDefinition> = {
  ec2: ec2Service,
  iam: iamService,
  sts: stsService,
  autoscaling: autoScalingService,
  elasticloadbalancing: elbv2Service,
};
const BY_VERSION = new Map(Object.values(SERVICES).map((service) => [service.version, service]));

/** Parameters whose values must never reach the call log. */
const SECRET_PARAM = /password|secret|privatekey|credential/i;

/**
 * The AWS query protocol endpoint (EC2, IAM, STS), the JSON services (Q Business, Organizations,
 * Security Hub) told apart by their headers or signing scope, plus read-only views of the world under
 * `/_sandbox/state/`. A request is ours when it is a form POST to `/`, the way the SDK and the
 * CLI send every query-protocol call.
 */
export function createAwsRoute(getWorld: () => World, knobs: Knobs): Route {
  const inspect = createInspectRoute(getWorld);
  // Q Business speaks REST-JSON, told apart by the `qbusiness` service in its credential scope.
  const qbusiness = createQBusinessRoute(getWorld, knobs);
  // Organizations speaks JSON 1.1, told apart by its X-Amz-Target header.
  const organizations = createOrganizationsRoute(getWorld, knobs);
  // Security Hub speaks REST-JSON, told apart by the `securityhub` service in its scope.
  const securityHub = createSecurityHubRoute(getWorld, knobs);
  return async (request) => {
    const restJson =
      (await qbusiness(request)) ?? (await organizations(request)) ?? (await securityHub(request));
    if (restJson) return restJson;
    if (request.url.pathname.startsWith('/_sandbox/state/')) return inspect(request);
    const type = String(request.headers['content-type'] ?? '');
    const isQuery =
      request.method === 'POST' &&
      request.url.pathname === '/' &&
      type.toLowerCase().startsWith('application/x-www-form-urlencoded');
    return isQuery ? handleQuery(request, getWorld(), knobs) : undefined;
  };
}

async function handleQuery(
  request: SandboxRequest,
  world: World,
  knobs: Knobs,
): Promise<SandboxResponse> {
  const requestId = randomUUID();
  const params = QueryParams.parse(request.body.toString('utf8'));
  const action = params.get('Action') ?? '';
  const scope = readCredentialScope(request.headers, request.url);
  // The signed scope names the service; unsigned requests fall back to the API version.
  const service =
    (scope ? SERVICES[scope.service] : undefined) ?? BY_VERSION.get(params.get('Version') ?? '');
  const region = scope?.region ?? 'us-east-1';
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);

  let principal: Principal | undefined;
  let injected = false;
  const log = (outcome: string, status: number) =>
    knobs.record({
      service: service?.name ?? scope?.service ?? 'unknown',
      action,
      accountId: principal?.accountId ?? 'unknown',
      region,
      principalArn: principal?.arn ?? 'unknown',
      roleSessionName: principal?.session?.roleSessionName,
      sourceIdentity: principal?.session?.sourceIdentity,
      params: loggedParams(params),
      outcome,
      status,
      injected,
    });
  const style = service?.style ?? 'query';
  try {
    if (!service) {
      throw new QueryError(
        'InvalidAction',
        `The sandbox does not emulate the service '${scope?.service}'`,
      );
    }
    if (!action)
      throw new QueryError('MissingAction', 'The request must contain the parameter Action');
    const now = new Date();
    const token = readSessionToken(request.headers, request.url);
    const resolution = resolvePrincipal(
      world,
      scope?.accessKeyId ?? '',
      token,
      service.name,
      region,
      now,
    );
    if ('problem' in resolution) throw credentialError(service, resolution.problem);
    principal = resolution.principal;
    const operation = service.operations[action];
    if (!operation) throw service.unknownAction(action);
    const fault = knobs.faultFor({
      service: service.name,
      action,
      accountId: principal.accountId,
      region,
    });
    if (fault) {
      injected = true;
      throw new QueryError(fault.code, fault.message, fault.status);
    }
    const limits = service.name === 'ec2' ? knobs.ec2RateLimits : undefined;
    if (limits && !limits.take(principal.accountId, region, bucketOf(action, params))) {
      throw new QueryError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    }
    const context: QueryContext = {
      service: service.name,
      action,
      params,
      accountId: principal.accountId,
      region,
      requestId,
      principalArn: principal.arn,
      principal,
      world,
      now,
      defaultPageSize: knobs.pageSizes.get(action),
      reverseCreatedItems: knobs.reverseCreatedItems,
    };
    const body = renderSuccess(service, action, requestId, operation(context));
    log('ok', 200);
    return xmlResponse(200, body, requestId);
  } catch (error) {
    if (!(error instanceof QueryError)) {
      log('SandboxError', 500);
      throw error;
    }
    const rendered = renderError(style, error, requestId, service?.xmlns);
    log(error.code, rendered.status);
    return xmlResponse(rendered.status, rendered.body, requestId);
  }
}

/** EC2 and the awsQuery services word credential failures differently. */
function credentialError(service: ServiceDefinition, problem: CredentialProblem): QueryError {
  if (service.style === 'ec2') {
    return problem === 'expired'
      ? new QueryError('RequestExpired', 'Request has expired.')
      : new QueryError(
          'AuthFailure',
          'AWS was not able to validate the provided access credentials',
          401,
        );
  }
  return problem === 'expired'
    ? new QueryError('ExpiredToken', 'The security token included in the request is expired', 403)
    : new QueryError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
}

function loggedParams(params: QueryParams): Record<string, string> {
  const record = params.toRecord();
  delete record.Action;
  delete record.Version;
  for (const key of Object.keys(record)) if (SECRET_PARAM.test(key)) record[key] = '***';
  return record;
}

function xmlResponse(status: number, body: string, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body,
  };
}
