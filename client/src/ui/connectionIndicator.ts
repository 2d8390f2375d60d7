/**
 * The always-visible connection state: connected / reconnecting / offline, and whether edits are
 * waiting to be sent. Text and an icon, never colour alone.
 */
import { t } from '../i18n.ts'
import type { ConnectionState } from '../collab/DocumentConnection.ts'

export function connectionLabel(s: ConnectionState): { text: string; tone: 'ok' | 'warn' | 'error' } {
  switch (s.status) {
    case 'connected':
      return { text: t('connection.connected'), tone: 'ok' }
    case 'connecting':
      return { text: t(s.unsent ? 'connection.reconnectingUnsent' : 'connection.reconnecting'), tone: 'warn' }
    case 'offline':
      return {
        text: t(s.unsent ? 'connection.offlineUnsent' : 'connection.offline'),
        tone: 'warn',
      }
    case 'closed':
      return { text: t('connection.closed', { reason: s.closedReason ?? t('connection.closedByServer') }), tone: 'error' }
  }
}

export function renderConnectionIndicator(el: HTMLElement, s: ConnectionState): void {
  const { text, tone } = connectionLabel(s)
  el.textContent = text
  el.className = `connection connection-${tone}`
  el.dataset.status = s.status
  el.dataset.unsent = String(s.unsent)
}
