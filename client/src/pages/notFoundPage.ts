/**
 * A document link that leads nowhere: the document does not exist, or belongs to another working
 * group (the page says the same for both, so it tells nobody what other groups hold).
 */
export function renderNoSuchDocument(root: HTMLElement, docId: string): void {
  root.replaceChildren()
  const section = document.createElement('section')
  section.className = 'not-found'
  const h1 = document.createElement('h1')
  h1.textContent = 'No such document'
  const p = document.createElement('p')
  p.textContent = `Your working group has no document “${docId}”. The link may be mistyped, or it may belong to another group.`
  const back = document.createElement('a')
  back.href = '/'
  back.className = 'back'
  back.textContent = '← All documents'
  section.append(h1, p, back)
  root.append(section)
  document.title = 'No such document · Accord'
}
