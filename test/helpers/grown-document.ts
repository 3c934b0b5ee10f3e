type Node = Record<string, unknown>;

/**
 * The API's document grown past the 20 operations one plugin takes, as the registry will grow:
 * every operation again under `/v2` (operation ids suffixed V2), and listRemediations a third time
 * under `/v3`: 21 operations, each still a real one's shape.
 */
export function grownDocument<Document extends object>(document: Document): Document {
  const grown = structuredClone(document);
  const paths = (grown as { paths: Record<string, Record<string, Node>> }).paths;
  const copy = (path: string, prefix: string, only?: string) => {
    const item = paths[path] ?? {};
    const copied: Record<string, Node> = {};
    for (const [method, operation] of Object.entries(item)) {
      if (only && operation.operationId !== only) continue;
      copied[method] = {
        ...operation,
        operationId: `${operation.operationId}${prefix.slice(1).toUpperCase()}`,
      };
    }
    if (Object.keys(copied).length > 0) paths[`${prefix}${path}`] = copied;
  };
  for (const path of Object.keys(paths)) {
    copy(path, '/v2');
    copy(path, '/v3', 'listRemediations');
  }
  return grown;
}
