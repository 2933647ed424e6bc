import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (µs) of this process's main thread and of all its other threads, from Linux's /proc. */
export interface ThreadCpu {
  main: number;
  others: number;
}

/**
 * Reads each thread's user + system time from `/proc/self/task/<tid>/stat` (clock ticks, 100 per
 * second on Linux). `undefined` where there is no /proc. Node 20 has no per-thread CPU call, and the
 * split says whether the main thread (queue, store, ingest, export) or the agent threads are the
 * bottleneck. Threads that ended before the reading are not counted.
 */
export function threadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const cpu: ThreadCpu = { main: 0, others: 0 };
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const micros = (Number(fields[11]) + Number(fields[12])) * 10_000;
    if (tid === String(process.pid)) cpu.main += micros;
    else cpu.others += micros;
  }
  return cpu;
}

/** CPU spent since `before`, per thread group. */
export function threadCpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const now = threadCpu();
  return before && now ? { main: now.main - before.main, others: now.others - before.others } : undefined;
}
