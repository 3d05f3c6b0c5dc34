// Source positions: turns offsets into the 1-based line:col spans that diagnostics and the AST carry.
// Every stage of the front end makes its spans here, so that line counting (LF, CRLF and lone CR all end
// a line) and the treatment of a leading byte-order mark are decided in exactly one place.

import type { Span } from './diagnostics.ts';

const BOM = '\uFEFF';

export class SourceText {
  /** The text the lexer sees: the source without its byte-order mark. */
  readonly text: string;
  /** 1 when the source began with a BOM: added to every offset so that spans index the original string. */
  private readonly base: number;
  /** Offset (into `text`) at which each line starts. */
  private readonly lineStarts: number[];

  constructor(
    source: string,
    readonly file: string,
  ) {
    this.base = source.startsWith(BOM) ? 1 : 0;
    this.text = source.slice(this.base);
    this.lineStarts = lineStartsOf(this.text);
  }

  /** The span of text[start, end). Offsets past the end are clamped, so a span never leaves the file. */
  span(start: number, end = start): Span {
    const s = clamp(start, this.text.length);
    const e = Math.max(s, clamp(end, this.text.length));
    const line = this.lineOf(s);
    return {
      file: this.file,
      line: line + 1,
      col: s - this.lineStarts[line] + 1,
      start: s + this.base,
      end: e + this.base,
    };
  }

  /** Covers two spans made by this object, from the start of the first to the end of the second. */
  join(first: Span, last: Span): Span {
    return this.span(first.start - this.base, last.end - this.base);
  }

  /** The empty span at the very end of the file (where "found end of file" points). */
  endOfFile(): Span {
    return this.span(this.text.length);
  }

  /** Offset (into `text`) of the start of the line containing `offset`. */
  lineStartOf(offset: number): number {
    return this.lineStarts[this.lineOf(clamp(offset, this.text.length))];
  }

  /** Index (0-based) of the line containing `offset`: binary search over the line starts. */
  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function clamp(offset: number, length: number): number {
  if (!Number.isFinite(offset)) return length;
  return Math.min(Math.max(0, Math.trunc(offset)), length);
}
