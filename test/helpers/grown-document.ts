type Node = Record<string, unknown>;

/**
 * The API's document grown to 21 operations, one past what a plugin takes: listRemediations again
 * under `/v2`, `/v3`, … (operation ids suffixed), each a real operation's shape. Only an auditors'
 * operation is copied, so every audience's part stays within the limit as long as the real API is.
 */
export function grownDocument<Document extends object>(document: Document): Document {
  const grown = structuredClone(document);
  const paths = (grown as { paths: Record<string, Record<string, Node>> }).paths;
  const count = () => Object.values(paths).reduce((n, item) => n + Object.keys(item).length, 0);
  const list = paths['/remediations']?.get;
  if (!list) throw new Error('the document has no GET /remediations to copy');
  for (let version = 2; count() <= 20; version += 1) {
    paths[`/v${version}/remediations`] = {
      get: { ...list, operationId: `listRemediationsV${version}` },
    };
  }
  return grown;
}
