/* Material's search, answering before a large index is all indexed.
 *
 * Material's worker builds one lunr index of every page before it answers: 26 s at
 * 10,000 announcements (bench/search_ready.py). This worker speaks Material's protocol
 * (its "custom search worker" extension point) and hands the pages to Material's own
 * worker in chunks, one worker each: a small first chunk (the generator lists the
 * site's own pages and the newest announcements first) answers the reader within a
 * second or two, and every chunk indexed later answers the last query again, its
 * results merged with the others' by score. Results look exactly as Material makes them.
 *
 * The page names Material's worker: assets/thidua/search-worker.js?material=search.<hash>.min.js
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType
const FIRST_CHUNK = 250   // pages in the first chunk: indexed in well under a second
const CHUNK = 2000        // pages in each chunk after it: few workers for a large site

const script = typeof document !== "undefined"  // Material's iframe shim (file://)
  ? document.querySelector("script[src]").src : location.href
const name = new URL(script).searchParams.get("material") || ""
const material = new URL(`../javascripts/workers/${name}`, script).href

const ready = []          // the workers whose chunk is indexed
let query = null          // the reader's last query
let asked = 0             // queries answered so far: a later one supersedes an earlier

/** Material's worker, once it has indexed `docs`; null if it failed. */
function indexed(config, docs, options) {
  return new Promise(resolve => {
    const worker = new Worker(material)
    worker.waiting = []   // a worker answers its queries in the order it was asked
    worker.onmessage = ev => {
      if (ev.data.type === READY)
        resolve(worker)
      else if (ev.data.type === RESULT)
        worker.waiting.shift()(ev.data.data)
    }
    worker.onerror = error => {
      console.warn("search: a chunk of the index failed", error.message)
      resolve(null)
    }
    worker.postMessage({ type: SETUP, data: { config, docs, options } })
  })
}

function ask(worker, text) {
  return new Promise(resolve => {
    worker.waiting.push(resolve)
    worker.postMessage({ type: QUERY, data: text })
  })
}

/** Answer the last query from every chunk indexed so far. */
async function answer() {
  if (query === null || !ready.length)
    return
  const number = ++asked, text = query, workers = [...ready]
  const results = await Promise.all(workers.map(worker => ask(worker, text)))
  if (number !== asked)
    return  // a later query, or more chunks, answer instead
  const best = group => Math.max(...group.map(item => item.score))
  const items = results.flatMap(result => result.items)
    .sort((a, b) => best(b) - best(a))
  const suggest = results.find(result => result.suggest)?.suggest
  postMessage({ type: RESULT, data: suggest ? { items, suggest } : { items } })
}

async function setup({ config, docs, options }) {
  const chunks = [docs.slice(0, FIRST_CHUNK)]
  for (let start = FIRST_CHUNK; start < docs.length; start += CHUNK)
    chunks.push(docs.slice(start, start + CHUNK))
  const first = await indexed(config, chunks.shift(), options)
  if (first)
    ready.push(first)
  postMessage({ type: READY })
  answer()
  // The rest a few at a time, leaving a core to the page.
  const parallel = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1))
  const next = async () => {
    for (let chunk; (chunk = chunks.shift()); ) {
      const worker = await indexed(config, chunk, options)
      if (worker) {
        ready.push(worker)
        answer()
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, next))
}

if (typeof document !== "undefined" || typeof Worker === "undefined") {
  importScripts(material)  // no nested workers here: Material's worker does it all
} else {
  addEventListener("message", ev => {
    if (ev.data.type === SETUP) {
      setup(ev.data.data)
    } else if (ev.data.type === QUERY) {
      query = ev.data.data
      answer()
    }
  })
}
