import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * AWS SDK clients since 3.930 write their schemas with computed trait keys (`{ [_xN]: _it }`,
 * where `const _xN = "xmlName"`). esbuild must assume a computed key may run code, so it keeps
 * every schema of a client: 560 KB of EC2 shapes for the six EC2 calls we make
 * (aws/aws-sdk-js-v3#7607). This rewrites those keys to the string literals they name, the
 * same change as the upstream fix (smithy-lang/smithy-typescript#1889), so unused shapes
 * tree-shake away. Only keys naming a string constant of the same file are touched.
 */
export const SCHEMA_FILE =
  /[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/](?:.*[\\/])?schemas[\\/]schemas_\d+\.js$/;

const STRING_CONSTANT = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

export function literalSchemaKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) {
    constants.set(name as string, literal as string);
  }
  return source.replace(COMPUTED_KEY, (key, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${literal}:`;
  });
}

export const sdkSchemaKeysPlugin: Plugin = {
  name: 'sdk-schema-literal-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_FILE }, async ({ path }) => ({
      contents: literalSchemaKeys(await readFile(path, 'utf8')),
      loader: 'js',
    }));
  },
};
