/**
 * Who is typing, until sign-in arrives: a display name given once and remembered in this browser,
 * and a colour derived from it for remote cursors.
 */
const NAME_KEY = 'accord:displayName'

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e']

export interface Identity {
  name: string
  color: string
}

export function colorFor(name: string): string {
  let h = 0
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0
  return PALETTE[h % PALETTE.length]!
}

export function storedIdentity(): Identity | null {
  const name = localStorage.getItem(NAME_KEY)?.trim()
  return name ? { name, color: colorFor(name) } : null
}

export function rememberName(name: string): Identity {
  const trimmed = name.trim().slice(0, 60)
  if (!trimmed) throw new RangeError('a display name cannot be empty')
  localStorage.setItem(NAME_KEY, trimmed)
  return { name: trimmed, color: colorFor(trimmed) }
}

/** Returns the remembered identity, or asks for a name once (a small form in `host`). */
export function ensureIdentity(host: HTMLElement): Promise<Identity> {
  const known = storedIdentity()
  if (known) return Promise.resolve(known)
  return new Promise((resolve) => {
    const form = document.createElement('form')
    form.className = 'name-form'
    form.innerHTML = `
      <h2>Welcome to Accord</h2>
      <p>Give the name the other participants will see beside your cursor. It is remembered in this browser.</p>
      <label>Your name <input name="name" autocomplete="name" required maxlength="60" placeholder="e.g. Amina Diallo (Kenya)"></label>
      <button type="submit">Continue</button>`
    form.addEventListener('submit', (ev) => {
      ev.preventDefault()
      const input = form.elements.namedItem('name') as HTMLInputElement
      if (!input.value.trim()) return
      form.remove()
      resolve(rememberName(input.value))
    })
    host.replaceChildren(form)
    ;(form.elements.namedItem('name') as HTMLInputElement).focus()
  })
}
