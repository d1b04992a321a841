// Runs dynalite (a DynamoDB-API server) on its own thread, so the embedded store's request handling and
// LevelDB work do not compete with the CLI's own parsing and hashing for one event loop.
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';

// dynalite 4.0.0 reads ranges (Query, Scan, ListTables) through streams over `level` iterators and never
// closes those iterators: when its stream is destroyed (at the end of the data, or when a read stops
// early) it calls `iterator.return()`, which abstract-level 3 iterators do not have. An open classic-level
// iterator holds a LevelDB snapshot, so from the store's first range read on (the startup probe below is
// one) LevelDB kept every overwritten version of every item. LevelDB 1.20 (classic-level 3.0.0's) then
// loses writes: a compaction can split one key's versions across two files of a level and move the file
// with the newer versions one level down while the older versions stay above, and a read stops at the
// older one (google/leveldb#320, fixed upstream in 1.21). 100k-event ingests saw acknowledged head writes
// undone. With `return` closing the iterator, only reads in progress keep older versions, while they run.
// The in-memory store (tests) had the same leak, of memory: memory-level iterators hold the data as it was.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
for (const [name, className] of [
  ['level', 'Level'],
  ['memory-level', 'MemoryLevel'],
]) {
  const exports = fromDynalite(name);
  exports[className] = class extends exports[className] {
    keys(options) {
      return closedWithStream(super.keys(options));
    }
    values(options) {
      return closedWithStream(super.values(options));
    }
  };
}

/** `iterator`, closed when dynalite's stream over it is destroyed. */
function closedWithStream(iterator) {
  iterator.return = () => iterator.close();
  return iterator;
}

const { default: dynalite } = await import('dynalite');

const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (workerData?.path) options.path = workerData.path;
const server = dynalite(options);
let ready = false;
let closing;

// dynalite's close stops the HTTP server, then closes LevelDB once pending operations are done.
// Connections still open are cut: a request dynalite can no longer answer must fail, not hang.
function closeStore() {
  closing ??= new Promise((resolve) => {
    server.close((error) => resolve(error));
    server.closeAllConnections();
  });
  return closing;
}

// When LevelDB cannot be opened (another process holds it), dynalite throws outside any request and
// leaves the request unanswered. Reported instead of ending the thread (which would end the process
// with this thread's stack trace); once started, the store closes itself so requests fail fast.
function fail(error) {
  parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
  if (ready) closeStore();
}
process.on('uncaughtException', fail);
server.on('error', fail);

/** One request that reads LevelDB: it answers only once the database is open. */
function probe(port) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent: false,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'x-amz-date': '20000101T000000Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`store answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  probe(port).then(() => {
    ready = true;
    parentPort.postMessage({ type: 'listening', port });
  }, fail);
});

// The close is acknowledged only once LevelDB is closed; then the port closes and the thread ends by
// itself with nothing native still running (a thread torn down mid-close can crash the process).
// A full collection when the process asks (cli/memory.ts, between batches of a long ingest): V8 lets a
// busy thread's old generation grow with its allocation rate, not with what is alive.
let collect;
parentPort.on('message', (message) => {
  if (message !== 'collect') return;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc');
  }
  collect();
});

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  closeStore().then((error) => {
    parentPort.postMessage({ type: 'closed', ...(error ? { message: String(error.message ?? error) } : {}) });
    parentPort.close();
  });
});
