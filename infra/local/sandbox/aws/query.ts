import type { World } from '../state.js';
import type { Principal } from './identity.js';
import type { QueryParams } from './params.js';
import type { QueryError } from './query-error.js';
import { element, escapeXml, renderXml, type XmlStyle, type XmlValue } from './xml.js';

export { QueryError, validationError } from './query-error.js';

export type ServiceName = 'ec2' | 'iam' | 'sts' | 'autoscaling' | 'elasticloadbalancing';

/** Everything an operation needs to answer one call. */
export interface QueryContext {
  service: ServiceName;
  action: string;
  params: QueryParams;
  /** The account the credentials act in (the assumed role's account for sandbox sessions). */
  accountId: string;
  region: string;
  requestId: string;
  principalArn: string;
  principal: Principal;
  world: World;
  now: Date;
  /** Page size for list calls made without MaxResults (a knob); undefined returns everything. */
  defaultPageSize?: number;
  /**
   * AWS does not document the order in which a call that creates several items lists them; with
   * this knob set, the sandbox lists them in the reverse of the request's order.
   */
  reverseCreatedItems?: boolean;
}

/** Returns the content of the result element; undefined for actions that answer nothing. */
export type Operation = (context: QueryContext) => XmlValue | undefined;

export interface ServiceDefinition {
  name: ServiceName;
  version: string;
  xmlns: string;
  style: XmlStyle;
  operations: Record<string, Operation>;
  /** The service's answer to an Action it does not know. */
  unknownAction(action: string): QueryError;
}

export interface RenderedResponse {
  status: number;
  body: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * EC2 puts `requestId` first inside `<XResponse>`; awsQuery nests the payload in `<XResult>` and
 * ends with `ResponseMetadata`, and leaves `<XResult>` out for actions without output.
 */
export function renderSuccess(
  service: ServiceDefinition,
  action: string,
  requestId: string,
  result: XmlValue | undefined,
): string {
  const open = `<${action}Response xmlns="${service.xmlns}">`;
  const close = `</${action}Response>`;
  if (service.style === 'ec2') {
    const payload = result === undefined ? '' : renderXml(result, 'ec2');
    return `${XML_DECLARATION}${open}<requestId>${escapeXml(requestId)}</requestId>${payload}${close}`;
  }
  const payload = result === undefined ? '' : element(`${action}Result`, result, 'query');
  const metadata = `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`;
  return `${XML_DECLARATION}${open}${payload}${metadata}${close}`;
}

export function renderError(
  style: XmlStyle,
  error: QueryError,
  requestId: string,
  xmlns?: string,
): RenderedResponse {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const id = escapeXml(requestId);
  const body =
    style === 'ec2'
      ? `${XML_DECLARATION}<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`
      : `${XML_DECLARATION}<ErrorResponse${xmlns ? ` xmlns="${xmlns}"` : ''}><Error><Type>${error.type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  return { status: error.status, body };
}
