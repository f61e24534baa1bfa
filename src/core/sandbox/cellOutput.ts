/**
 * The printed output of one cell, capped: text past the cap is counted, not kept.
 */
export class CellOutput {
  private readonly parts: string[] = [];
  private kept = 0;
  dropped = 0;

  constructor(private readonly maxChars: number) {}

  append(text: string): void {
    const room = this.maxChars - this.kept;
    if (room <= 0) {
      this.dropped += text.length + 1;
      return;
    }
    const piece = text.length > room ? text.slice(0, room) : text;
    this.parts.push(piece);
    this.kept += piece.length + 1;
    this.dropped += text.length - piece.length;
  }

  /** Characters still kept before the cap. */
  get room(): number {
    return Math.max(0, this.maxChars - this.kept);
  }

  text(): string {
    const body = this.parts.join('\n');
    return this.dropped > 0
      ? `${body}\n[output truncated: ${this.dropped} more characters; print less, e.g. slices or counts]`
      : body;
  }
}
