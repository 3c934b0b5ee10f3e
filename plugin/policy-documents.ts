import type { Document } from '@aws-sdk/client-qbusiness';
import type { PolicyCatalog, PolicyControl } from '../api/policy/catalog.js';
import { ToolError } from './errors.js';

/**
 * One document per policy control. Citations point at whole documents, so a document per section
 * gives an auditor a link to the exact section; the id derives from the control id alone, so a
 * re-sync replaces the document even after the section's title or file changes.
 */
export const DOCUMENT_ID_PREFIX = 'policy-control/';

export function documentIdFor(controlId: string): string {
  return `${DOCUMENT_ID_PREFIX}${controlId}`;
}

export function policyDocuments(catalog: PolicyCatalog): Document[] {
  const controls = catalog.all();
  if (controls.length === 0) {
    throw new ToolError(
      'policies-docs/ holds no control sections (headings like "## NET-02: Title"); there is nothing to sync.',
    );
  }
  return controls.map((control) => toDocument(catalog, control));
}

function toDocument(catalog: PolicyCatalog, control: PolicyControl): Document {
  const file = `policies-docs/${control.document}`;
  const effective = new Date(`${control.effective}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(control.effective) || Number.isNaN(effective.getTime())) {
    throw new ToolError(
      `${file} needs "effective: YYYY-MM-DD" in its front matter (found "${control.effective}"); ${control.id} takes its last-updated date from it.`,
    );
  }
  if (!control.version) {
    throw new ToolError(`${file} needs "version: <number>" in its front matter.`);
  }
  const footer = [
    `Owner: ${control.owner || 'not stated'}`,
    `Version: ${control.version}`,
    `Effective: ${control.effective}`,
  ].join(' · ');
  const markdown = `# ${control.documentTitle}\n\n${control.body}\n\n${footer}\n`;
  return {
    id: documentIdFor(control.id),
    title: `${control.id}: ${control.title}`,
    contentType: 'MD',
    content: { blob: new TextEncoder().encode(markdown) },
    attributes: [
      { name: '_source_uri', value: { stringValue: catalog.reference(control.id).url } },
      { name: '_version', value: { stringValue: control.version } },
      { name: '_last_updated_at', value: { dateValue: effective } },
      { name: '_category', value: { stringValue: control.documentTitle } },
    ],
  };
}

/** BatchPutDocument and BatchDeleteDocument take at most 10 documents per call. */
export function batches<T>(items: T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}
