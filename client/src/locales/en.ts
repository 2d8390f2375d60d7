/**
 * The interface's English text (i18next catalog). Every string a page shows comes from here,
 * through `t` (client/src/i18n.ts); the other languages of the United Nations come as catalogs
 * with the same keys. Document text is the delegates' and never goes through it.
 */
export const en = {
  connection: {
    connected: '● Connected',
    reconnecting: '◌ Reconnecting…',
    reconnectingUnsent: '◌ Reconnecting: your changes are saved here and will be sent',
    offline: '○ Offline',
    offlineUnsent: '○ Offline: unsent changes are kept in this browser',
    closed: '✕ Disconnected: {{reason}}',
    closedByServer: 'closed by the server',
  },
  notFound: {
    title: 'No such document',
    body: 'Your working group has no document “{{docId}}”. The link may be mistyped, or it may belong to another group.',
    back: '← All documents',
    pageTitle: 'No such document · Accord',
  },
  signIn: {
    incomplete: 'This sign-in link is incomplete. Open the full link you received.',
    signingIn: 'Signing you in…',
    title: 'Sign in to Accord',
    body: 'Accord is open to the members of a working group only. Open the personal invitation link that your secretariat sent you; it signs you in on this browser.',
  },
  presence: {
    title: 'Who is here',
    here: 'Here now ({{count}})',
    observers: 'Observers ({{count}})',
    you: 'You ({{name}})',
  },
} as const
