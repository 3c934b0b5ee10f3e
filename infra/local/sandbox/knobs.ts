import { checkedScale, Ec2RateLimits, type RateLimitOptions } from './aws/ec2/rate-limits.js';
import { json, type Route, type SandboxRequest, type SandboxResponse } from './http.js';

/** Which calls a fault applies to (unset fields match anything) and the error they get. */
export interface FaultSpec {
  service?: string;
  action?: string;
  accountId?: string;
  region?: string;
  code: string;
  message?: string;
  status?: number;
  /** Matching calls let through before the first failure. Default 0. */
  after?: number;
  /** Matching calls failed once `after` have passed. Default: every one until cleared. */
  times?: number;
}

export interface Fault {
  id: number;
  service?: string;
  action?: string;
  accountId?: string;
  region?: string;
  code: string;
  message: string;
  status: number;
  after: number;
  times: number | null;
  /** Matching calls seen so far, and how many of them were failed. */
  seen: number;
  injected: number;
}

export interface CallTarget {
  service: string;
  action: string;
  accountId: string;
  region: string;
}

export interface CallRecord extends CallTarget {
  seq: number;
  at: string;
  principalArn: string;
  roleSessionName?: string;
  sourceIdentity?: string;
  params: Record<string, string>;
  /** `ok` or the error code the caller received. */
  outcome: string;
  status: number;
  /** True when the outcome came from an injected fault. */
  injected: boolean;
}

/**
 * Without MaxResults, AWS returns every rule at once; the sandbox pages early so that callers
 * which forget NextToken miss rules in tests instead of in production.
 */
const DEFAULT_PAGE_SIZES: ReadonlyArray<[string, number]> = [['DescribeSecurityGroupRules', 5]];

// AWS's own throttling answers: EC2 fails with 503, IAM and STS with 400.
const KNOWN_FAULTS: Record<string, { status: number; message: string }> = {
  RequestLimitExceeded: { status: 503, message: 'Request limit exceeded.' },
  Throttling: { status: 400, message: 'Rate exceeded' },
  InternalError: { status: 500, message: 'An internal error has occurred' },
  InternalFailure: { status: 500, message: 'An internal error has occurred' },
  ServiceUnavailable: { status: 503, message: 'Service is unavailable' },
};

/** Test controls: latency, injected faults, page sizes and the log of every AWS call received. */
export class Knobs {
  latencyMs = 0;
  faults: Fault[] = [];
  calls: CallRecord[] = [];
  pageSizes = new Map<string, number>(DEFAULT_PAGE_SIZES);
  /** List what a call created in the reverse of the request's order (see QueryContext). */
  reverseCreatedItems = false;
  /** EC2's request token buckets per account and Region; off unless a test or the bench turns them on. */
  ec2RateLimits: Ec2RateLimits | undefined;
  private nextFaultId = 1;

  /** Turns EC2's token buckets on (fresh, full unless `startEmpty`) or off. */
  setRateLimits(enabled: boolean, options: RateLimitOptions = {}): void {
    this.ec2RateLimits = enabled ? new Ec2RateLimits(options) : undefined;
  }

  reset(): void {
    this.ec2RateLimits = undefined;
    this.reverseCreatedItems = false;
    this.latencyMs = 0;
    this.faults = [];
    this.calls = [];
    this.pageSizes = new Map(DEFAULT_PAGE_SIZES);
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError('latency "ms" must be a number >= 0');
    this.latencyMs = ms;
  }

  /** `size` undefined restores AWS's behaviour of returning everything at once. */
  setPageSize(action: string, size: number | undefined): void {
    if (size === undefined) this.pageSizes.delete(action);
    else if (Number.isInteger(size) && size > 0) this.pageSizes.set(action, size);
    else throw new TypeError('page "size" must be a positive integer');
  }

  addFault(spec: FaultSpec): Fault {
    if (typeof spec?.code !== 'string' || spec.code === '') {
      throw new TypeError('a fault needs a "code", e.g. "RequestLimitExceeded"');
    }
    const count = (name: 'after' | 'times' | 'status', value: unknown) => {
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
        throw new TypeError(`fault "${name}" must be a whole number >= 0`);
      }
      return value as number | undefined;
    };
    const known = KNOWN_FAULTS[spec.code];
    const fault: Fault = {
      id: this.nextFaultId++,
      service: spec.service?.toLowerCase(),
      action: spec.action,
      accountId: spec.accountId,
      region: spec.region,
      code: spec.code,
      message: spec.message ?? known?.message ?? `Fault injected by the sandbox: ${spec.code}`,
      status: count('status', spec.status) ?? known?.status ?? 400,
      after: count('after', spec.after) ?? 0,
      times: count('times', spec.times) ?? null,
      seen: 0,
      injected: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  clearFaults(): number {
    const cleared = this.faults.length;
    this.faults = [];
    return cleared;
  }

  /** Counts the call against each matching fault in turn; the first one due fails it. */
  faultFor(call: CallTarget): Fault | undefined {
    for (const fault of this.faults) {
      if (!matches(fault, call)) continue;
      fault.seen++;
      const due =
        fault.seen > fault.after && (fault.times === null || fault.injected < fault.times);
      if (due) {
        fault.injected++;
        return fault;
      }
    }
    return undefined;
  }

  record(call: Omit<CallRecord, 'seq' | 'at'>): CallRecord {
    const record: CallRecord = {
      seq: this.calls.length + 1,
      at: new Date().toISOString(),
      ...call,
    };
    this.calls.push(record);
    return record;
  }

  /** The call log, narrowed by any of service, action, accountId, region. */
  callsMatching(filter: Partial<CallTarget> = {}): CallRecord[] {
    return this.calls.filter((call) => matches(filter, call));
  }
}

function matches(filter: Partial<CallTarget>, call: CallTarget): boolean {
  return (
    (!filter.service || filter.service === call.service) &&
    (!filter.action || filter.action === call.action) &&
    (!filter.accountId || filter.accountId === call.accountId) &&
    (!filter.region || filter.region === call.region)
  );
}

/**
 * The knobs over HTTP, for tests that drive a sandbox in another process:
 *   POST   /_sandbox/reset                       reseed the world, clear every knob and the log
 *   GET    /_sandbox/latency | POST {"ms":100}   delay added before every AWS call
 *   GET    /_sandbox/faults  | POST FaultSpec    | DELETE
 *   GET    /_sandbox/calls?service=&action=&accountId=&region=  | DELETE
 *   GET    /_sandbox/page-size | POST {"action":"DescribeSecurityGroupRules","size":5|null}
 *   GET    /_sandbox/rate-limits | POST {"enabled":true,"startEmpty":false,"scale":1}   EC2 token
 *          buckets; "scale" (0 < scale <= 1) multiplies their refill rates
 */
export function createKnobsRoute(knobs: Knobs, reset: () => void): Route {
  return async (request) => {
    const path = request.url.pathname;
    if (!path.startsWith('/_sandbox/')) return undefined;
    try {
      return handle(knobs, reset, request, `${request.method} ${path.slice('/_sandbox'.length)}`);
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
  };
}

function handle(
  knobs: Knobs,
  reset: () => void,
  request: SandboxRequest,
  route: string,
): SandboxResponse | undefined {
  switch (route) {
    case 'POST /reset':
      reset();
      return json(200, { reset: true });
    case 'GET /latency':
      return json(200, { ms: knobs.latencyMs });
    case 'POST /latency':
      knobs.setLatency(Number(body(request).ms));
      return json(200, { ms: knobs.latencyMs });
    case 'GET /faults':
      return json(200, { faults: knobs.faults });
    case 'POST /faults':
      return json(201, { fault: knobs.addFault(body(request) as unknown as FaultSpec) });
    case 'DELETE /faults':
      return json(200, { cleared: knobs.clearFaults() });
    case 'GET /calls': {
      const query = request.url.searchParams;
      const filter = {
        service: query.get('service') ?? undefined,
        action: query.get('action') ?? undefined,
        accountId: query.get('accountId') ?? undefined,
        region: query.get('region') ?? undefined,
      };
      return json(200, { calls: knobs.callsMatching(filter) });
    }
    case 'DELETE /calls': {
      const cleared = knobs.calls.length;
      knobs.calls = [];
      return json(200, { cleared });
    }
    case 'GET /rate-limits':
      return json(200, rateLimitsOf(knobs));
    case 'POST /rate-limits': {
      const { enabled, startEmpty, scale } = body(request);
      if (typeof enabled !== 'boolean')
        throw new TypeError('rate-limits needs "enabled": true|false');
      knobs.setRateLimits(enabled, {
        startEmpty: startEmpty === true,
        ...(scale === undefined ? {} : { scale: checkedScale(scale) }),
      });
      return json(200, rateLimitsOf(knobs));
    }
    case 'GET /page-size':
      return json(200, { pageSizes: Object.fromEntries(knobs.pageSizes) });
    case 'POST /page-size': {
      const { action, size } = body(request);
      if (typeof action !== 'string') throw new TypeError('page-size needs an "action"');
      knobs.setPageSize(action, size === null || size === undefined ? undefined : Number(size));
      return json(200, { pageSizes: Object.fromEntries(knobs.pageSizes) });
    }
    default:
      return undefined;
  }
}

function rateLimitsOf(knobs: Knobs) {
  const limits = knobs.ec2RateLimits;
  return limits
    ? {
        enabled: true,
        startEmpty: limits.options.startEmpty === true,
        scale: limits.options.scale ?? 1,
        counts: limits.counts,
      }
    : { enabled: false };
}

function body(request: SandboxRequest): Record<string, unknown> {
  const text = request.body.toString('utf8').trim();
  if (text === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
