import type { Writable } from 'node:stream';

/** Where the tool reports progress: people read it, tests capture it. */
export interface Output {
  /** A step starting or done, one line. */
  step(line: string): void;
  /** Free text, printed as is (request bodies of a dry run). */
  text(block: string): void;
  warn(line: string): void;
}

export function streamOutput(out: Writable, err: Writable = out): Output {
  return {
    step: (line) => out.write(`• ${line}\n`),
    text: (block) => out.write(block.endsWith('\n') ? block : `${block}\n`),
    warn: (line) => err.write(`! ${line}\n`),
  };
}

/** Collects lines; for tests and for callers that want the transcript. */
export function memoryOutput(): Output & { lines: string[]; toString(): string } {
  const lines: string[] = [];
  return {
    lines,
    step: (line) => lines.push(`• ${line}`),
    text: (block) => lines.push(block.replace(/\n$/, '')),
    warn: (line) => lines.push(`! ${line}`),
    toString: () => lines.join('\n'),
  };
}

/**
 * A request exactly as the SDK will send it, as JSON. Blobs are shown as their UTF-8 text and
 * dates as ISO strings; the SDK sends them base64-encoded and as epoch seconds.
 */
export function showRequest(operation: string, input: unknown): string {
  const body = JSON.stringify(
    input,
    (_key, value) => {
      if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
      return value;
    },
    2,
  );
  return `${operation} ${body}`;
}
