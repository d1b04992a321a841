// Runs dynalite (a DynamoDB-API server) on its own thread, so the embedded store's request handling and
// LevelDB work do not compete with the CLI's own parsing and hashing for one event loop.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (workerData?.path) options.path = workerData.path;
const server = dynalite(options);
server.on('error', (error) =>
  parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) }),
);
server.listen(0, '127.0.0.1', () =>
  parentPort.postMessage({ type: 'listening', port: server.address().port }),
);
parentPort.on('message', (message) => {
  if (message === 'close') server.close(() => parentPort.postMessage({ type: 'closed' }));
});
