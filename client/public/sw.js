// App-shell cache: pages and built assets are served from the network when it answers and from
// this cache when it does not, so reloading a document while offline opens the editor, which then
// restores unsent edits from IndexedDB. The API and the collaboration socket are never cached.
const CACHE = 'accord-shell-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('fetch', (event) => {
  const req = event.request
  const url = new URL(req.url)
  if (req.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/collab/')) return
  const isPage = req.mode === 'navigate'
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone()
          caches.open(CACHE).then((cache) => cache.put(isPage ? '/__shell' : req, copy))
        }
        return res
      })
      .catch(async () => {
        const cached = await caches.match(isPage ? '/__shell' : req)
        if (cached) return cached
        throw new Error('offline and not cached')
      }),
  )
})
