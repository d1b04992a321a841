/**
 * Splits a stream of JSON text into the units ingest reads, without holding the whole text: each
 * element of a top-level array, each element of the event array of a container document (CloudTrail's
 * `{"Records": [...]}`, AWS Config's snapshot and history files `{"fileVersion", "configurationItems":
 * [...]}`), and each other top-level value whole (one event, or one line of JSON Lines). Memory is
 * bounded by the largest unit, not by the input.
 *
 * The splitter only tracks nesting, strings and escapes; it does not validate. A unit that is not
 * valid JSON fails when it is parsed (and is quarantined there), and text left unfinished at the end is
 * returned as a unit, so nothing is dropped.
 */

/** Keys whose array value holds the events of a container document. */
export const CONTAINER_KEYS: ReadonlySet<string> = new Set(['Records', 'configurationItems']);

/** One unit of the input: the text to parse and where it starts. */
export interface JsonUnit {
  text: string;
  /** 1-based line of the input where the unit starts */
  line: number;
  /** true for an element of an array (top-level or a container's), false for a whole top-level value */
  element: boolean;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const NEWLINE = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

export class JsonSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  /** what the current top-level value is */
  private top: 'none' | 'array' | 'object' | 'scalar' = 'none';
  /** depth of the elements being emitted one by one (0: none) */
  private elementDepth = 0;
  /** the current top-level object turned out to be a container: its other members are skipped */
  private container = false;
  /** the text of the unit being read: parts of earlier chunks, and where it starts in this one */
  private parts: string[] = [];
  private unitStart = -1;
  private unitLine = 0;
  private unitIsElement = false;
  /** the last string read as a member name of the top-level object, and the member being read */
  private keyParts: string[] | undefined;
  private keyStart = -1;
  private lastString = '';
  private member = '';

  /** Feeds the next chunk of text; returns the units it completed, in order. */
  push(chunk: string): JsonUnit[] {
    const out: JsonUnit[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(chunk.slice(Math.max(this.keyStart, 0), i));
            this.lastString = this.keyParts.join('');
            this.keyParts = undefined;
          }
        }
        continue;
      }
      if (this.depth === 0 && this.top === 'scalar') {
        // a top-level value that is not an object or array (not an event): it runs to the end of its line
        if (c === NEWLINE) this.finish(chunk, i, out);
        else if (c === QUOTE) this.inString = true;
        continue;
      }
      if (
        this.elementDepth > 0 &&
        this.depth === this.elementDepth &&
        this.unitStart < 0 &&
        this.parts.length === 0
      ) {
        // between elements: a value starts here unless this is a separator or space
        if (!isSpace(c) && c !== COMMA && c !== CLOSE_BRACKET) this.begin(i, true);
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 0) this.startTop('scalar', i);
          else if (this.depth === 1 && this.top === 'object' && !this.container) {
            this.keyParts = [];
            this.keyStart = i + 1;
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (this.depth === 0) {
            this.startTop(c === OPEN_BRACKET ? 'array' : 'object', i);
            if (c === OPEN_BRACKET) this.elementDepth = 1;
          } else if (
            c === OPEN_BRACKET &&
            this.depth === 1 &&
            this.top === 'object' &&
            !this.container &&
            CONTAINER_KEYS.has(this.member)
          ) {
            // a container document: what was read of it is dropped, its events follow one by one
            this.container = true;
            this.parts = [];
            this.unitStart = -1;
            this.elementDepth = 2;
          }
          this.depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.depth--;
          if (this.elementDepth > 0 && this.depth === this.elementDepth - 1) {
            // the array of elements closes: a pending scalar element ends before it
            if (this.unitStart >= 0 || this.parts.length > 0) this.finish(chunk, i - 1, out);
            this.elementDepth = 0;
            if (this.depth === 0) this.top = 'none';
          } else if (this.elementDepth > 0 && this.depth === this.elementDepth) {
            this.finish(chunk, i, out);
          } else if (this.depth === 0) {
            if (!this.container) this.finish(chunk, i, out);
            this.top = 'none';
            this.container = false;
            this.member = '';
          }
          break;
        case COMMA:
          if (
            this.elementDepth > 0 &&
            this.depth === this.elementDepth &&
            (this.unitStart >= 0 || this.parts.length > 0)
          )
            this.finish(chunk, i - 1, out);
          break;
        case COLON:
          if (this.depth === 1 && this.top === 'object') this.member = this.lastString;
          break;
        default:
          if (this.depth === 0 && !isSpace(c)) this.startTop('scalar', i);
      }
    }
    // carry the unfinished unit (and member name) into the next chunk
    if (this.unitStart >= 0) {
      this.parts.push(chunk.slice(this.unitStart));
      this.unitStart = 0;
    }
    if (this.keyParts) {
      this.keyParts.push(chunk.slice(Math.max(this.keyStart, 0)));
      this.keyStart = 0;
    }
    return out;
  }

  /** The end of the input: an unfinished unit is returned as it is (it will fail to parse). */
  end(): JsonUnit[] {
    const rest = this.parts.join('');
    this.parts = [];
    this.unitStart = -1;
    return rest.trim() === '' ? [] : [{ text: rest, line: this.unitLine, element: this.unitIsElement }];
  }

  private startTop(kind: 'array' | 'object' | 'scalar', at: number): void {
    this.top = kind;
    this.container = false;
    this.member = '';
    // an array's elements are the units; an object or scalar is one unless it proves a container
    if (kind !== 'array') this.begin(at, false);
  }

  private begin(at: number, element: boolean): void {
    this.unitStart = at;
    this.parts = [];
    this.unitLine = this.line;
    this.unitIsElement = element;
  }

  /** Ends the current unit at `last` (inclusive) of this chunk. */
  private finish(chunk: string, last: number, out: JsonUnit[]): void {
    const tail = this.unitStart >= 0 ? chunk.slice(this.unitStart, last + 1) : '';
    const text = this.parts.length > 0 ? this.parts.join('') + tail : tail;
    this.parts = [];
    this.unitStart = -1;
    if (text.trim() !== '') out.push({ text, line: this.unitLine, element: this.unitIsElement });
    if (this.top === 'scalar' && this.depth === 0) this.top = 'none';
  }
}
