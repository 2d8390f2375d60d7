/**
 * The always-visible connection state: connected / reconnecting / offline, and whether edits are
 * waiting to be sent. Text and an icon, never colour alone.
 */
import type { ConnectionState } from '../collab/DocumentConnection.ts'

export function connectionLabel(s: ConnectionState): { text: string; tone: 'ok' | 'warn' | 'error' } {
  switch (s.status) {
    case 'connected':
      return { text: '● Connected', tone: 'ok' }
    case 'connecting':
      return { text: s.unsent ? '◌ Reconnecting: your changes are saved here and will be sent' : '◌ Reconnecting…', tone: 'warn' }
    case 'offline':
      return {
        text: s.unsent ? '○ Offline: unsent changes are kept in this browser' : '○ Offline',
        tone: 'warn',
      }
    case 'closed':
      return { text: `✕ Disconnected: ${s.closedReason ?? 'closed by the server'}`, tone: 'error' }
  }
}

export function renderConnectionIndicator(el: HTMLElement, s: ConnectionState): void {
  const { text, tone } = connectionLabel(s)
  el.textContent = text
  el.className = `connection connection-${tone}`
  el.dataset.status = s.status
  el.dataset.unsent = String(s.unsent)
}
