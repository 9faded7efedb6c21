/** A `TextSink` that keeps what was written, for asserting on a command's output. */
export function sink(): { text: string; write(s: string): boolean } {
  return {
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}
