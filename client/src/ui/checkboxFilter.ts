/** A labelled checkbox that filters a panel: `onChange` gets whether it is ticked. */
export function checkboxFilter(className: string, label: string, onChange: (checked: boolean) => void): HTMLLabelElement {
  const filter = document.createElement('label')
  filter.className = className
  const box = document.createElement('input')
  box.type = 'checkbox'
  box.addEventListener('change', () => onChange(box.checked))
  filter.append(box, ` ${label}`)
  return filter
}
