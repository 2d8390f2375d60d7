/**
 * Asks the chair for the differing views when moving a point to the annex (SPEC C5):
 * "Some members considered that ..."; "Other members were of the view that ...".
 */
import { t, tHtml } from '../i18n.ts'

export function askForViews(): Promise<string[] | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog')
    dialog.className = 'annex-dialog'
    // The views are the delegates' words (dir="auto": a view in Arabic reads right to left).
    dialog.innerHTML = `
      <form method="dialog">
        <h2>${tHtml('annex.title')}</h2>
        <p>${tHtml('annex.body')}</p>
        <label>${tHtml('annex.view1')} <textarea name="view1" rows="3" required dir="auto">${tHtml('annex.view1Start')}</textarea></label>
        <label>${tHtml('annex.view2')} <textarea name="view2" rows="3" dir="auto">${tHtml('annex.view2Start')}</textarea></label>
        <menu>
          <button value="cancel" formnovalidate type="submit" class="secondary">${tHtml('common.cancel')}</button>
          <button value="ok" type="submit">${tHtml('annex.confirm')}</button>
        </menu>
      </form>`
    document.body.append(dialog)
    // A view left at its opening words says nothing: it is not recorded.
    const openings = new Set([t('annex.view1Start').trim(), t('annex.view2Start').trim()])
    dialog.addEventListener('close', () => {
      const form = dialog.querySelector('form')!
      const views = ['view1', 'view2']
        .map((n) => (form.elements.namedItem(n) as HTMLTextAreaElement).value.trim())
        .filter((v) => v && !openings.has(v))
      dialog.remove()
      resolve(dialog.returnValue === 'ok' && views.length > 0 ? views : null)
    })
    dialog.showModal()
  })
}
