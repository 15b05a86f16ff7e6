// Process helpers for reliability tests and the scale bench: find the `pulumi`
// CLI a test started (and the dynamic-provider process under it) through
// /proc, kill them by pid, and sample their peak memory. Linux only.
import { readdirSync, readFileSync } from "node:fs";

export interface Proc {
  pid: number;
  ppid: number;
  cmd: string[];
}

/** `{pid, ppid, cmd}` of every process we can see. */
export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // the command name is in parentheses and may contain spaces
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0").filter(Boolean);
      out.push({ pid: Number(d), ppid: Number(rest[1]), cmd });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Every descendant of `root` (children first-level first), not including `root`. */
export function descendants(root: number = process.pid): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  let frontier = [root];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

const base = (p: Proc) => (p.cmd[0] ?? "").split("/").pop();

/** The `pulumi` CLI processes started under this process (by the Automation API). */
export function pulumiProcesses(root: number = process.pid): Proc[] {
  return descendants(root).filter((p) => base(p) === "pulumi");
}

/** The dynamic-provider node processes under `root`. */
export function providerProcesses(root: number = process.pid): Proc[] {
  return descendants(root).filter((p) => p.cmd.some((a) => a.includes("dynamic-provider")));
}

/** SIGKILL `pulumi` and everything under it (the provider included), by pid; returns what was killed. */
export function killPulumi(root: number = process.pid): Proc[] {
  const victims: Proc[] = [];
  for (const p of pulumiProcesses(root)) victims.push(p, ...descendants(p.pid));
  for (const v of victims) {
    try {
      process.kill(v.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return victims;
}

/** VmHWM (peak resident set) of a process in MB, or undefined once it has exited. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Poll `find()` every `everyMs` and keep the highest VmHWM seen per pid; a
 * process's VmHWM is gone when it exits, so sampling must run meanwhile.
 * Returns `stop()` → the highest value in MB over all pids seen (0 if none).
 */
export function samplePeak(find: () => Proc[], everyMs = 100): { stop(): number } {
  const peaks = new Map<number, number>();
  const tick = () => {
    for (const p of find()) {
      const v = peakRssMb(p.pid);
      if (v !== undefined) peaks.set(p.pid, Math.max(peaks.get(p.pid) ?? 0, v));
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref?.();
  return {
    stop() {
      tick();
      clearInterval(timer);
      return Math.max(0, ...peaks.values());
    },
  };
}
