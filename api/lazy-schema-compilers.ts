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

/**
 * Fastify's own compilers (same ajv options, same fast-json-stringify), but each route's
 * validator and serializer is built when the route first needs it instead of at start. A cold
 * Lambda answers one route; compiling all of them (and ajv's meta-schema) cost it ~70 ms.
 * The long-lived server and the tests compile eagerly, so a bad schema still fails at start.
 */
export function lazySchemaCompilers(): {
  buildValidator: BuildCompilerFromPool;
  buildSerializer: SerializerFactory;
} {
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  return {
    buildValidator: (externalSchemas, options) => deferEach(validators(externalSchemas, options)),
    buildSerializer: (externalSchemas, options) => deferEach(serializers(externalSchemas, options)),
  };
}

type Compiled = ((data: unknown) => unknown) & { errors?: unknown };

function deferEach<Compiler extends ValidatorCompiler | SerializerCompiler>(
  compiler: Compiler,
): Compiler {
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
