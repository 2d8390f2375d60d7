/**
 * The reference: the server that y-websocket 2.x shipped (bin/server.cjs), i.e. an http server,
 * a ws WebSocketServer and `setupWSConnection` from y-websocket-v2/bin/utils, with no
 * persistence (documents live in memory only). Differences from bin/server.cjs: it listens on
 * 127.0.0.1 port 0 and prints `{"port":N}` on stdout; by default it uses the same `ws` (8.x) as
 * Accord so that only the Yjs server logic differs. BENCH_REF_WS=shipped uses the ws 6.x that
 * y-websocket 2 depends on instead.
 */
const http = require('node:http')
const path = require('node:path')

const wsModule =
  process.env.BENCH_REF_WS === 'shipped'
    ? path.join(path.dirname(require.resolve('y-websocket-v2/package.json')), 'node_modules', 'ws')
    : 'ws'
const WebSocket = require(wsModule)
const { setupWSConnection } = require('y-websocket-v2/bin/utils')

const wss = new WebSocket.Server({ noServer: true })
wss.on('connection', setupWSConnection)

const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    wss.emit('connection', ws, request)
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})
process.on('SIGTERM', () => process.exit(0))
