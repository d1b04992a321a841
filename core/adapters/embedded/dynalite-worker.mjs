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
// (Each open iterator also kept table files mapped: 160 of them at the end of a 100k ingest.)
// The in-memory store (tests) had the same leak, of memory: memory-level iterators hold the data as it was.
// this module's require, and dynalite's own (for the `level` packages it depends on)
const requireFromStore = createRequire(import.meta.url);
const fromDynalite = createRequire(requireFromStore.resolve('dynalite'));
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

// dynalite reads a table's description from LevelDB (a read and a JSON decode) for every item it
// writes, each PutRequest of a batch included: half of all its reads in an ingest. A description only
// changes when the table itself is written (created, updated, deleted), so an ACTIVE table's is kept
// here and forgotten on any write of it. UpdateTable and DeleteTable change the description they are
// handed before writing it back; nothing in this project sends them, and once any client does the
// cache is off for good, so no request ever sees a description a concurrent change is editing.
const store = requireFromStore('dynalite/db');
const createStore = store.create;
let tableCacheOn = true;
store.create = (storeOptions) => {
  const created = createStore(storeOptions);
  const tables = new Map();
  const { getTable, tableDb } = created;
  const forgetting = (write) =>
    function (key, ...rest) {
      tables.delete(key);
      return write.call(this, key, ...rest);
    };
  tableDb.put = forgetting(tableDb.put);
  tableDb.del = forgetting(tableDb.del);
  created.getTable = (name, checkStatus, cb) => {
    const done = typeof checkStatus === 'function' ? checkStatus : cb;
    const cached = tableCacheOn ? tables.get(name) : undefined;
    if (cached) return process.nextTick(done, null, cached);
    getTable(name, checkStatus, (err, table) => {
      if (!err && tableCacheOn && table.TableStatus === 'ACTIVE') tables.set(name, table);
      done(err, table);
    });
  };
  return created;
};

// dynalite parses a condition expression (PutItem's `seq = :expected`, a scan's filter) with a
// generated PEG parser on every request: a few hundred microseconds each, most of the cost of a
// conditional head write. The parse of the same expression with the same names and values is the same
// tree (read, never changed, by the condition check), so it is kept, with the names and values it used
// (which the validation then does not report as unused). Key conditions are parsed every time: the
// query's validation rewrites their tree. An expression that does not parse is never kept.
const conditionParser = requireFromStore('dynalite/db/conditionParser');
const parseCondition = conditionParser.parse;
const parsedConditions = new Map();
const PARSED_CONDITIONS = 10_000;
conditionParser.parse = (text, parseOptions) => {
  const context = parseOptions?.context;
  if (!context || context.isKeyCondition) return parseCondition(text, parseOptions);
  const key = JSON.stringify([text, context.attrNames ?? null, context.attrVals ?? null]);
  const kept = parsedConditions.get(key);
  if (kept) {
    for (const name of kept.names) delete context.unusedAttrNames?.[name];
    for (const value of kept.values) delete context.unusedAttrVals?.[value];
    return kept.tree;
  }
  const namesBefore = Object.keys(context.unusedAttrNames ?? {});
  const valuesBefore = Object.keys(context.unusedAttrVals ?? {});
  const tree = parseCondition(text, parseOptions);
  if (tree !== null && typeof tree === 'object') {
    if (parsedConditions.size >= PARSED_CONDITIONS) parsedConditions.clear();
    parsedConditions.set(key, {
      tree,
      names: namesBefore.filter((name) => !(name in context.unusedAttrNames)),
      values: valuesBefore.filter((value) => !(value in context.unusedAttrVals)),
    });
  }
  return tree;
};

// LevelDB maps every table file its table cache holds open into memory, and that cache holds up to
// max_open_files (default 1000) files: a long ingest's resident size grew with the store's size on disk
// (40 -> 265 MB over 100k events). dynalite opens LevelDB with the defaults, so the LevelDB class it
// uses is given other ones here, in this thread only: the least table cache LevelDB allows (64 files)
// and its least table file size (1 MB), which bound what stays mapped (64 files of 1 MB, a level-0 file
// fresh from memory up to 4 MB) whatever the store's size.
const LEVELDB_OPTIONS = { maxOpenFiles: 74, maxFileSize: 1024 * 1024 };
// (dynalite's Level: the class with closing iterators above)
const { Level } = fromDynalite('level');
const openLevel = Level.prototype._open;
Level.prototype._open = function _open(openOptions) {
  return openLevel.call(this, { ...LEVELDB_OPTIONS, ...openOptions });
};
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (workerData?.path) options.path = workerData.path;
const server = dynalite(options);
server.prependListener('request', (req) => {
  if (/\.(UpdateTable|DeleteTable)$/.test(String(req.headers['x-amz-target']))) tableCacheOn = false;
});
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
