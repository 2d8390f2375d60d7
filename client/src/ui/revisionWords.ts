/** How a revision's date and issuer read in the room (the panel and the revision's own page). */
import { t } from '../i18n.ts'
import type { RevisionInfo } from '../../../shared/revisions.ts'

export const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export const issuedBy = (r: Pick<RevisionInfo, 'issuedBy'>): string => t(r.issuedBy === 'secretariat' ? 'revisions.bySecretariat' : 'revisions.byChair')
