/**
 * The signed-in person as others see them: name and delegation, and the colour of their cursor.
 * The server stamps the same identity on awareness; this is only the page's own copy.
 */
import type { Me } from './session.ts'
import { colorOf } from '../../shared/colors.ts'
import { t } from './i18n.ts'

export interface Identity {
  name: string
  color: string
}

export function identityOf(me: Me): Identity {
  return { name: t('common.person', { name: me.displayName, delegation: me.delegation }), color: colorOf(me.id) }
}
