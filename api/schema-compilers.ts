import {
  AjvCompiler,
  type BuildCompilerFromPool,
  type ValidatorCompiler,
} from '@fastify/ajv-compiler';
import {
  type SerializerCompiler,
  type SerializerFactory,
  SerializerSelector,
} from '@fastify/fast-json-stringify-compiler';

/** What Fastify hands a validator compiler per route and part. */
interface RouteSchema {
  httpPart?: string;
}
type AjvOptions = Parameters<BuildCompilerFromPool>[1] & { customOptions?: object };

/**
 * Fastify's own compilers, with two changes.
 * - JSON bodies are validated without type coercion: with Fastify's default (`coerceTypes:
 *   'array'`), `"port": null`, `false` or `" "` became 0 and `"0x16"` 22, so a dry run planned to
 *   revoke an all-traffic rule. Query strings, parameters and headers are text by nature and
 *   still coerce numbers and booleans.
 * - `lazy`: each route's validator and serializer is built when the route first needs it. A cold
 *   Lambda answers one route; compiling all of them (and ajv's meta-schema) cost it ~70 ms. The
 *   long-lived server and the tests compile eagerly, so a bad schema still fails at start.
 */
export function schemaCompilers(lazy: boolean): {
  buildValidator: BuildCompilerFromPool;
  buildSerializer: SerializerFactory;
} {
  const coercing = AjvCompiler();
  const strict = AjvCompiler();
  const serializers = SerializerSelector();
  const defer = <C extends ValidatorCompiler | SerializerCompiler>(compiler: C): C =>
    lazy ? deferEach(compiler) : compiler;
  return {
    buildValidator: (externalSchemas, options) => {
      const text = coercing(externalSchemas, options);
      const given = options as AjvOptions;
      const json = strict(externalSchemas, {
        ...given,
        customOptions: { ...given?.customOptions, coerceTypes: false },
      } as AjvOptions);
      const byPart = (route: RouteSchema) =>
        ((route.httpPart === 'body' ? json : text) as (route: RouteSchema) => unknown)(route);
      // Fastify passes each compiler a route description (httpPart among it) that the
      // library's types do not model.
      return defer(byPart as unknown as typeof text);
    },
    buildSerializer: (externalSchemas, options) => defer(serializers(externalSchemas, options)),
  };
}

type Compiled = ((data: unknown) => unknown) & { errors?: unknown };

function deferEach<Compiler extends ValidatorCompiler | SerializerCompiler>(
  compiler: Compiler,
): Compiler {
  // The two compiler types differ only in what the compiled function takes; Fastify calls both
  // the same way, which the library's types cannot express.
  const compile = compiler as unknown as (route: unknown) => Compiled;
  const deferred = (route: unknown): Compiled => {
    let compiled: Compiled | undefined;
    const run: Compiled = (data) => {
      compiled ??= compile(route);
      return compiled(data);
    };
    // Fastify reads a failed validation's reasons from the function itself.
    Object.defineProperty(run, 'errors', { get: () => compiled?.errors });
    return run;
  };
  return deferred as unknown as Compiler;
}
