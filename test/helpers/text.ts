import { afterAll, beforeAll } from 'vitest';

/**
 * For the tests of a file about what human output says rather than how it is laid out: COLUMNS set
 * so wide that no line wraps, so a phrase is asserted whole (test/cli/width.test.ts covers the
 * wrapping). Call it at the top of the file or of a describe block.
 */
export function unwrappedOutput(): void {
  const columns = process.env.COLUMNS;
  beforeAll(() => {
    process.env.COLUMNS = '100000';
  });
  afterAll(() => {
    if (columns === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = columns;
  });
}
