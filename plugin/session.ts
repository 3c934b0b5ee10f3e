import { setTimeout as sleep } from 'node:timers/promises';
import type { QBusinessClient } from '@aws-sdk/client-qbusiness';
import type { PluginConfig } from './config.js';
import { explainAwsError, ToolError } from './errors.js';

// biome-ignore lint/suspicious/noExplicitAny: every SDK command shares this shape
type AnyCommand = { input: unknown; constructor: { name: string } } & any;

/** One run of the tool against one application: sends calls and explains their failures. */
export class Session {
  constructor(
    readonly config: PluginConfig,
    readonly client: QBusinessClient,
  ) {}

  async send<Output>(command: AnyCommand): Promise<Output> {
    const operation = String(command.constructor.name).replace(/Command$/, '');
    try {
      return (await this.client.send(command)) as Output;
    } catch (error) {
      throw explainAwsError(error, {
        operation,
        endpoint: this.config.endpoint,
        sandbox: this.config.sandbox,
      });
    }
  }

  /**
   * Polls `read` until `settled` holds, for at most PLUGIN_WAIT_SECONDS. Q Business applies
   * builds and syncs asynchronously and has no waiters for them.
   */
  async waitFor<T>(
    what: string,
    read: () => Promise<T>,
    settled: (value: T) => boolean,
  ): Promise<T> {
    const deadline = Date.now() + this.config.waitSeconds * 1000;
    for (;;) {
      const value = await read();
      if (settled(value)) return value;
      if (Date.now() >= deadline) {
        throw new ToolError(
          `Gave up waiting for ${what} after ${this.config.waitSeconds} s. Run \`npm run plugin -- status\` to see where it stands, or raise PLUGIN_WAIT_SECONDS.`,
        );
      }
      await sleep(this.config.pollMs);
    }
  }
}

/** Walks every page of a list call; Q Business has no lookup by name, so callers search. */
export async function* pages<Page extends { nextToken?: string }>(
  fetch: (nextToken: string | undefined) => Promise<Page>,
): AsyncGenerator<Page> {
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    yield page;
    nextToken = page.nextToken;
  } while (nextToken);
}
