// Offsets of a text to line and character, the way editors count them: LF, CRLF and a lone CR each end
// a line (YAML counts all three as line breaks, so a CR-only file is read line by line, too).
import type { Position, Range } from '../model/problem';

export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Built on first use: most files never need a position. */
  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return (this.starts = starts);
  }

  position(offset: number): Position {
    const starts = this.lineStarts();
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - starts[lo] };
  }

  /** From `start` to `end`, at most to the end of the first line: a whole project underlined helps nobody. */
  range(start: number, end: number): Range {
    const s = Math.max(0, Math.min(start, this.text.length));
    const lineEnd = this.endOfLine(s);
    const stop = Math.max(Math.min(s + 1, this.text.length), Math.min(end, lineEnd));
    return { start: this.position(s), end: this.position(stop) };
  }

  /** The offset of the line break ending the line that holds `offset` (or the text's length). */
  endOfLine(offset: number): number {
    for (let i = offset; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return i;
    }
    return this.text.length;
  }

  /** The offset at which the line holding `offset` starts. */
  startOfLine(offset: number): number {
    return this.lineStarts()[this.position(offset).line];
  }
}
