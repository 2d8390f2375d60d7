/** The "Method" section of docs/PERFORMANCE.md (static: it describes bench/, not one run). */
export const METHOD = `## Method

Run it with \`npm run bench\` (about 4 minutes on two cores; \`BENCH_QUICK=1 npm run bench\` is a
smoke run that prints the tables and writes nothing; the other knobs are listed in
\`bench/config.ts\`). Every row is measured in the same run against both servers, one after the
other, each in a fresh child process of its own:

- **Accord**: \`bench/ourServer.ts\` starts the real \`AccordServer\` (HTTP API, WebSocket,
  SQLite in WAL mode with \`synchronous=FULL\`, group commit, compaction after 2,000 updates) on
  a fresh temporary data folder. It is bundled with esbuild and run with plain \`node\`, so the
  process holds no TypeScript loader.
- **Reference**: \`bench/referenceServer.cjs\` is y-websocket 2.x's \`bin/server.cjs\`: an http
  server, a ws \`WebSocketServer\` and \`setupWSConnection\` from \`y-websocket-v2/bin/utils\`,
  no persistence. It uses the same \`ws\` 8 as Accord (\`BENCH_REF_WS=shipped\` runs it on the ws 6
  that y-websocket 2 depends on), so that only the Yjs server logic differs.

The benchmark process itself is the load generator: a single Node process, separate from the
server, so the server's CPU time (user + system, from \`/proc/<pid>/stat\` over the measured
window) and its resident memory (\`VmRSS\`, sampled every 200 ms, peak reported) are its own. The
load generator's own CPU is shown next to them: near 100 % it is itself a bottleneck (there are
only two cores), and the latencies then include its queueing. So is the CPU that every *other*
process on the machine used during the window (from \`/proc/stat\`, minus the server and the load
generator): the machine is shared, and a row measured while someone else's test suite ran is
marked by that column. The run starts by waiting up to 2 minutes for the machine to be quiet,
and each measurement up to 30 s more; a measurement during which other processes used more than
25 % of a core is taken again once, and the quieter of the two is reported.

Accord signs its users in: at its first start it creates the demo working group and logs a
sign-in link per demo member; the benchmark exchanges the chair's link for a session cookie
(\`POST /api/session\`) and sends that cookie with every request and WebSocket upgrade, like a
browser. (All connections are the same member; the reference needs nothing.)

Clients are y-websocket 3.1's real \`WebsocketProvider\` over \`ws\` (\`disableBc: true\`,
\`params: {schema: '1'}\`) for everyone who types or observes. The other, passive participants are
light raw clients (\`bench/rawClient.ts\`): they speak the same protocol on the wire (sync step 1,
a step 2 in answer to the server's step 1, an awareness state on connect and every 15 s, as the
provider does) but count incoming updates instead of applying them. The server cannot tell them
apart and does exactly the same work for them; without them one process could not hold 4,000
connections or apply 100,000 updates a second for 199 passive Y.Docs. In the stress row the 100
typists are light too (a raw client with its own Y.Doc: it receives the document once, sends each
keystroke as an update, and does not apply other people's): 100 real providers would each apply
500 updates a second, and the load generator, not the server, would be what saturates
(\`BENCH_REAL_TYPISTS=1\` uses real providers anyway). Typists do not move a cursor: real editors
also send an awareness update per keystroke, which this benchmark does not simulate.

Documents: Accord writes initial content itself (SPEC Y2): rows (a) and (c) use the demo
rolling document (\`wgec-rolling\`, created on first start), row (b) creates blank documents with
\`POST /api/documents\`. The reference accepts any room; the benchmark first sends it the very same
initial state (\`initialState(...)\` from the server code) from a throw-away client.

**Keystroke-to-peer latency** (rows a, b): a typist inserts one letter at a random position of
the first Y.XmlText of the first \`recommendation\` (in a blank document, which has none, of the
topic heading) in its own Y.Doc; its provider sends the update at once. The keystroke's marker
is the id of the item it creates, (clientID, clock), noted with \`performance.now()\` just before
the insert. An observer provider of the same document, in the same process, compares each
remote transaction's state vector before and after and so knows exactly which keystrokes just
arrived. Same process, same clock: no skew. Typists have random phases, so keystrokes are spread
evenly. Measuring starts once the server's CPU has dropped below 10 % of a core after everyone
connected (the burst of sync and awareness traffic is over). After typing stops the benchmark
waits up to 10 s for stragglers (\`lost\` counts any that never arrive), then checks that every
real typist, the observer and a fresh client that syncs at the end (the server's state) all have
the same text ("converged").

- (a) one document, 200 participants: 20 typists at 5 keys/s for 20 s (2,000 keystrokes), plus a
  stress row with 100 typists (10,000 keystrokes); 1 observer and the rest passive.
- (b) 1,000 documents with 4 participants each (4,000 connections): per document 1 typist at
  1 key/s (1,000 keystrokes/s in total), 1 observer, 2 passive, connected 20 documents at a
  time.

**Editing trace** (row c): \`automerge-paper\` from \`../shared/traces/\` (259,778 single-character
edits writing a LaTeX paper). One provider applies each patch to the first recommendation's
Y.XmlText in its own Y.Doc, one transaction per patch, so each becomes its own update and its
own WebSocket message (1,000 patches per event-loop turn so that the sockets keep moving). A
second provider observes; the time runs from the first edit to the moment the observer has
received every update. On Accord an update is only relayed after its SQLite commit (SPEC S1),
so that is also the moment all of them are durable. Then both texts are compared with the
trace's \`endContent\` (followed by the recommendation's original text), and for Accord the
server is stopped and the document read back from its SQLite file and compared again.
"server µs per update" is server CPU time divided by updates: the server's capacity, independent
of how fast the single sending client could go ("sender alone" is how long the sender needed
just to produce and send everything).

**Cold load** (row d): the large document is built into an Accord SQLite file with the server's
own code (an \`AccordServer\` started once on the empty folder creates the demo group, and the
chair's session, kept in the file, is used later; then \`SqliteStore\` and \`initialState\`):
500 recommendations in 10 topics, then 100,000 single-character updates from 20 authors
(typing runs of 1–30 characters and backspacing at random places), appended in batches of 2,000 as the group commit would. Three copies: compacted
(one snapshot, what compaction leaves), snapshot + the last 1,999 updates in the log (the most
Accord can leave behind with COMPACT_AFTER=2000) and never compacted (all 100,000 in the log).
For each, 5 times: a fresh server process on a fresh copy of the file, warmed up by syncing a
small document and 5 other copies of the same variant, each loaded from SQLite and unloaded again
(so that process start-up and JIT compilation are not counted: a cold document in a warm
process, as in production); then a fresh provider connects and the time until it is synced is
measured: upgrade, load from SQLite, sync step 2, transfer and applying it on the client. The
server-side part (\`store.loadHistory\` and \`Room.load\`, what \`CollabServer.loadRoom\` runs) is
timed separately in the benchmark process on another copy of the file. The reference has no
storage; its row is the same fresh client syncing the same state from memory, i.e. the floor
without any load.

**The consensus guard** (row e, issue 3): in the benchmark process, no sockets, so that the guard
alone is measured. A 500-recommendation document (ten topics, the first paragraph of each agreed);
a member's client types 20,000 single characters at random places in unlocked paragraphs, one
update each. Each update is applied (1) to a plain \`Y.Doc\` with \`Y.applyUpdate\`, what a server
without a guard does, and (2) the way Accord's \`Room\` does: to the shadow copy with
\`judgeTransaction\` in its \`afterTransaction\`, then what Yjs emitted to the authoritative
document. The difference is the guard's cost per update. The shadow's memory is the heap held by
a shadow copy of that document after garbage collection (\`--expose_gc\`).

**Revisions** (row f, issue 10; Accord only, the reference has none): a fresh server process on a
copy of row (d)'s file, with the built client (\`npm run build\` first). The chair issues Rev.1 of
the compacted large document (\`POST .../revisions\`); a WebsocketProvider then types and deletes
words in 100 paragraphs and removes 5 (as the chair), and the chair's commands agree 20 and move 5
to the annex; the edits are on the server when a second provider has them; Rev.2 is issued.
\`GET .../compare\` of Rev.1 with Rev.2, and of Rev.1 with now, is timed from the benchmark process
over HTTP (one warm-up, then 5 each; the time includes reading both states, comparing and the
JSON's transfer). Typing: 20 real providers type 5 keys/s in the demo document (50 participants)
for the row's window, once with nothing else happening and once while a revision of the large
document is issued every second (each one stores its whole state); the keystroke-to-peer latency
is measured as in row (a). Chromium (Debian's, through playwright-core): a fresh browser context
each time (no HTTP cache, no offline copy), signed in with the chair's cookie, navigates to the
large document, then to its Rev.2; the figure is the page's own \`performance.now()\` (which
counts from the navigation's start) at the first animation frame where every paragraph of Rev.2
is in the page with its text: the live editor has synced over the WebSocket and drawn the whole
text; the revision page has fetched the stored state and drawn it read only. One warm-up, then 5.

Caveats: client and server share two cores, so figures at saturation measure the machine as much
as the server; SQLite's file is in the OS page cache ("cold" means not in the server's memory);
the data folder's file system and its commit latency are in the table at the top.
`
