import { charCounter } from './charCounter.ts'
import { tHtml } from '../i18n.ts'

/**
 * Asks for one line of text in a small dialog; resolves with it, or null when cancelled. With a
 * `limit`, the box stops there and counts what is left.
 */
export function askText(title: string, label: string, initial = '', limit?: number): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog')
    dialog.className = 'annex-dialog ask-text'
    dialog.innerHTML = `
      <form method="dialog">
        <h2></h2>
        <label><span></span> <textarea name="text" rows="3" required dir="auto"></textarea></label>
        <menu>
          <button value="cancel" formnovalidate type="submit" class="secondary">${tHtml('common.cancel')}</button>
          <button value="ok" type="submit">${tHtml('common.ok')}</button>
        </menu>
      </form>`
    dialog.querySelector('h2')!.textContent = title
    dialog.querySelector('label span')!.textContent = label
    const input = dialog.querySelector('textarea')!
    input.value = initial
    if (limit !== undefined) {
      const counter = charCounter(input, limit)
      input.closest('label')!.after(counter.el)
    }
    document.body.append(dialog)
    dialog.addEventListener('close', () => {
      const value = input.value.trim()
      dialog.remove()
      resolve(dialog.returnValue === 'ok' && value ? value : null)
    })
    dialog.showModal()
    input.focus()
  })
}
