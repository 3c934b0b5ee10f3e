import { readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc times (USER_HZ), 100 on every mainstream platform. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) another process has used so far, read from /proc; undefined where
 * there is no /proc (the bench then prints the cloud's CPU as unknown).
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
    return ((user + system) / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}

/** This process's CPU time so far (user + system, ms). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
