/**
 * Keeps a lease (a resource lock, an Idempotency-Key claim) alive while a run holds it: renewed
 * every third of its length, so one missed renewal still leaves time for the next. A renewal that
 * finds the lease taken by another request marks it lost, and the run stops before its next step.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private lostReason: string | undefined;

  constructor(
    private readonly renewals: Array<() => Promise<boolean>>,
    leaseSeconds: number,
    private readonly onError: (error: unknown) => void,
  ) {
    if (renewals.length === 0) return;
    this.timer = setInterval(() => void this.renew(), (leaseSeconds * 1000) / 3);
    // A lease must never keep a process (a test, a CLI) alive.
    this.timer.unref();
  }

  /** Why the run must stop, when another request took over what this one held. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(): Promise<void> {
    for (const renewal of this.renewals) {
      try {
        if (!(await renewal())) {
          this.lostReason ??=
            'another request took over the resource after this run was paused past its lease';
        }
      } catch (error) {
        // The table is unreachable for a moment; the lease still has two thirds left.
        this.onError(error);
      }
    }
  }
}
