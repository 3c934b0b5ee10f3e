/**
 * An entry of the index chain (chain-names.ts). `of` names an account chain: `opened` is written
 * before that chain's first entry, so the verifier finds every chain from the index alone;
 * `checkpoint` records the chain's entry `ofSeq` and its hash, so a chain deleted, cut short or
 * rewritten and re-linked before that entry no longer matches the index.
 */
export type IndexEntry =
  | { kind: 'opened'; of: string; recordedAt: string }
  | { kind: 'checkpoint'; of: string; ofSeq: number; ofHash: string; recordedAt: string };

/** A chain's head goes into the index at its first entry and every this many entries. */
export const CHECKPOINT_EVERY = 25;
