/**
 * An embedded store in a process of its own (`node --import tsx test/helpers/store-process.ts DIR`):
 * prints its endpoint on a line, and closes the store and exits when its input ends. For a test whose
 * store must close after heavy writes: closing such an on-disk store sometimes ends its process in
 * native code (see docs/scale.md, "Known problems"), which must not take the test runner with it.
 */
import { startEmbeddedDynamo } from '../../core/adapters/embedded/embedded-store';

const dynamo = await startEmbeddedDynamo(process.argv[2]);
process.stdout.write(`${dynamo.endpoint}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void dynamo.close().then(() => process.exit(0));
});
