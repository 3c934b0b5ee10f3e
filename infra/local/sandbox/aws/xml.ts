/**
 * Renders operation results as AWS query-protocol XML. Results are plain objects whose keys are
 * the wire element names, so an operation reads like the response sample in the API reference.
 */

/** List items are wrapped in `<item>` by EC2 and in `<member>` by awsQuery services (IAM, STS). */
export type XmlStyle = 'ec2' | 'query';

export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | RawXml
  | XmlEntries
  | XmlValue[]
  | { [element: string]: XmlValue | undefined | null };

/** Already rendered XML, inserted as is. */
export class RawXml {
  constructor(readonly xml: string) {}
}

/** An awsQuery map (`<entry><key/><value/></entry>`), e.g. IAM's GetAccountSummary SummaryMap. */
export class XmlEntries {
  constructor(readonly entries: Record<string, XmlValue>) {}
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (char) => ESCAPES[char] ?? char);
}

/** AWS timestamps: ISO 8601 in UTC without milliseconds, as the services print them. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderXml(value: XmlValue, style: XmlStyle): string {
  if (value instanceof RawXml) return value.xml;
  if (value instanceof Date) return isoSeconds(value);
  if (value instanceof XmlEntries) {
    return Object.entries(value.entries)
      .map(
        ([key, entry]) =>
          `<entry><key>${escapeXml(key)}</key>${element('value', entry, style)}</entry>`,
      )
      .join('');
  }
  if (Array.isArray(value)) {
    const wrapper = style === 'ec2' ? 'item' : 'member';
    return value.map((item) => element(wrapper, item, style)).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([name, child]) =>
        child === undefined || child === null ? '' : element(name, child, style),
      )
      .join('');
  }
  return escapeXml(String(value));
}

export function element(name: string, value: XmlValue, style: XmlStyle): string {
  const inner = renderXml(value, style);
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}
