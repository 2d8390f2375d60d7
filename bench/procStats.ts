/**
 * CPU time and resident memory of another process, read from /proc (Linux), and of this one.
 * CPU is user+system time in clock ticks (USER_HZ, 100 on Linux), so a 20 s window is exact to
 * within 0.05 %. RSS is sampled every 200 ms; the peak over the window is reported.
 */
import fs from 'node:fs'

const USER_HZ = 100

/** user + system CPU seconds consumed so far by `pid`. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces) start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ
}

/** Resident set size of `pid` in bytes. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  return match ? Number(match[1]) * 1024 : 0
}

/** Busy CPU seconds of the whole machine (all cores, all processes), from /proc/stat. */
export function systemBusySeconds(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) / USER_HZ
}

/** CPU seconds of this process and of its children that have exited (the servers, once stopped). */
export function selfAndChildrenSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / USER_HZ
}

/**
 * CPU used by everything that is not the benchmark (other people's processes on a shared
 * machine), in % of one core, between start() and stop(). Valid when every server started in
 * between has also exited.
 */
export class BackgroundMeter {
  private wall = 0
  private busy = 0
  private own = 0

  start(): this {
    this.wall = performance.now()
    this.busy = systemBusySeconds()
    this.own = selfAndChildrenSeconds()
    return this
  }

  stop(): number {
    const wall = (performance.now() - this.wall) / 1000
    const other = systemBusySeconds() - this.busy - (selfAndChildrenSeconds() - this.own)
    return Math.max(0, (100 * other) / wall)
  }
}

export interface WindowUsage {
  wallSeconds: number
  /** Server CPU over the window, in % of one core. */
  cpuPercent: number
  cpuSeconds: number
  peakRssMb: number
  /** CPU of this (load-generating) process over the window, in % of one core. */
  clientCpuPercent: number
  /** CPU of every other process on the machine over the window, in % of one core. */
  backgroundCpuPercent: number
}

/** Measures a server process (and this client process) between start() and stop(). */
export class ProcSampler {
  private startWall = 0
  private startCpu = 0
  private startClient: NodeJS.CpuUsage = { user: 0, system: 0 }
  private startBusy = 0
  private peakRss = 0
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly pid: number) {}

  start(): void {
    this.startWall = performance.now()
    this.startCpu = cpuSeconds(this.pid)
    this.startClient = process.cpuUsage()
    this.startBusy = systemBusySeconds()
    this.peakRss = rssBytes(this.pid)
    this.timer = setInterval(() => this.sample(), 200)
  }

  stop(): WindowUsage {
    if (this.timer) clearInterval(this.timer)
    this.sample()
    const wall = (performance.now() - this.startWall) / 1000
    const cpu = cpuSeconds(this.pid) - this.startCpu
    const client = process.cpuUsage(this.startClient)
    const clientSeconds = (client.user + client.system) / 1e6
    const other = systemBusySeconds() - this.startBusy - cpu - clientSeconds
    return {
      wallSeconds: wall,
      cpuSeconds: cpu,
      cpuPercent: (100 * cpu) / wall,
      peakRssMb: this.peakRss / 1024 / 1024,
      clientCpuPercent: (100 * clientSeconds) / wall,
      backgroundCpuPercent: Math.max(0, (100 * other) / wall),
    }
  }

  private sample(): void {
    try {
      this.peakRss = Math.max(this.peakRss, rssBytes(this.pid))
    } catch {
      // The process exited; keep the last peak.
    }
  }
}

/**
 * Waits until `pid` used less than `percent` of a core over `intervalMs` (the burst of awareness
 * and sync traffic after hundreds of clients connect is over), or `maxMs` passed.
 */
export async function waitForQuiet(pid: number, percent = 10, intervalMs = 500, maxMs = 30_000): Promise<void> {
  const deadline = performance.now() + maxMs
  let last = cpuSeconds(pid)
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    const now = cpuSeconds(pid)
    if ((100 * (now - last) * 1000) / intervalMs < percent) return
    last = now
  }
}
