/**
 * Asks the chair for the differing views when moving a point to the annex (SPEC C5):
 * "Some members considered that ..."; "Other members were of the view that ...".
 */
export function askForViews(): Promise<string[] | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog')
    dialog.className = 'annex-dialog'
    dialog.innerHTML = `
      <form method="dialog">
        <h2>Move to the annex</h2>
        <p>No consensus was reached. Record the differing views; the paragraph keeps its text.</p>
        <label>View 1 <textarea name="view1" rows="3" required>Some members considered that </textarea></label>
        <label>View 2 <textarea name="view2" rows="3">Other members were of the view that </textarea></label>
        <menu>
          <button value="cancel" formnovalidate type="submit" class="secondary">Cancel</button>
          <button value="ok" type="submit">Move to annex</button>
        </menu>
      </form>`
    document.body.append(dialog)
    dialog.addEventListener('close', () => {
      const form = dialog.querySelector('form')!
      const views = ['view1', 'view2']
        .map((n) => (form.elements.namedItem(n) as HTMLTextAreaElement).value.trim())
        .filter((v) => v && !/^(Some members considered that|Other members were of the view that)$/.test(v))
      dialog.remove()
      resolve(dialog.returnValue === 'ok' && views.length > 0 ? views : null)
    })
    dialog.showModal()
  })
}
