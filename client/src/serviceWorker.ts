/**
 * Registers the app-shell service worker (public/sw.js) and caches the shell this page was loaded
 * with, so that a reload while offline still opens the editor (and its unsent edits in IndexedDB).
 */
const CACHE = 'accord-shell-v1'

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => cacheShell())
    .catch((err: unknown) => {
      console.warn('offline shell not available; reloading offline will not work', err)
    })
}

async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE)
  const shell = await fetch('/', { cache: 'no-cache' })
  if (shell.ok) await cache.put('/__shell', shell)
  // The assets this page already loaded went around the worker (it was not in control yet).
  const assets = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
    .map((u) => u.pathname)
  await cache.addAll([...new Set(assets)])
}
