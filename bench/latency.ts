/**
 * Keystroke-to-peer latency. A typist inserts one character into its own Y.Doc (its provider
 * sends the update at once); the item it creates has the id (typist clientID, clock), which is
 * the keystroke's marker. An observer client in the same process sees each remote transaction's
 * state vector before and after, so it knows exactly which (client, clock) pairs arrived and
 * when. Both ends read performance.now() of the same process: no clock skew.
 */
import * as Y from 'yjs'
import { targetText, type ProviderClient } from './clients.ts'

const key = (client: number, clock: number): number => client * 2 ** 20 + clock

export interface LatencySummary {
  count: number
  p50: number
  p99: number
  max: number
  mean: number
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN)
  const sum = sorted.reduce((s, x) => s + x, 0)
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, mean: sum / sorted.length }
}

export class KeystrokeLog {
  /** Keystrokes sent and not yet seen by their observer: key -> send time. */
  private readonly pending = new Map<number, number>()
  readonly latencies: number[] = []
  /** Send time of each latency sample (same order), for looking at latency over time. */
  readonly sentAt: number[] = []
  sent = 0

  markSent(client: number, clock: number): void {
    this.pending.set(key(client, clock), performance.now())
    this.sent++
  }

  /** Makes `observer` report the arrival of every keystroke in its document. */
  watch(observer: ProviderClient): void {
    observer.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.local) return
      const now = performance.now()
      tr.afterState.forEach((after, client) => {
        for (let clock = tr.beforeState.get(client) ?? 0; clock < after; clock++) {
          const k = key(client, clock)
          const sentAt = this.pending.get(k)
          if (sentAt === undefined) continue
          this.pending.delete(k)
          this.latencies.push(now - sentAt)
          this.sentAt.push(sentAt)
        }
      })
    })
  }

  get outstanding(): number {
    return this.pending.size
  }

  /** Waits until every keystroke has been seen, or `timeoutMs` passed. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs
    while (this.pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/** One client typing single characters at random positions of its target text. */
export class Typist {
  private readonly text: Y.XmlText

  constructor(
    private readonly doc: Y.Doc,
    private readonly log: KeystrokeLog,
    private readonly random: () => number,
  ) {
    this.text = targetText(doc)
  }

  type(): void {
    const doc = this.doc
    const pos = Math.floor(this.random() * (this.text.length + 1))
    const char = LETTERS[Math.floor(this.random() * LETTERS.length)]
    this.log.markSent(doc.clientID, Y.getState(doc.store, doc.clientID))
    this.text.insert(pos, char)
  }
}

/**
 * Every typist types `keysPerSecond` keys a second for `durationMs`, with random phases so that
 * keystrokes are spread evenly instead of arriving in bursts.
 */
export function runTyping(typists: readonly Typist[], keysPerSecond: number, durationMs: number, random: () => number): Promise<void> {
  const period = 1000 / keysPerSecond
  const start = performance.now()
  const end = start + durationMs
  const due = typists.map(() => start + random() * period)
  return new Promise((resolve) => {
    const tick = (): void => {
      const now = performance.now()
      for (let i = 0; i < typists.length; i++) {
        while (due[i] <= now && due[i] < end) {
          typists[i].type()
          due[i] += period
        }
      }
      if (now >= end) resolve()
      else setTimeout(tick, 1)
    }
    tick()
  })
}
