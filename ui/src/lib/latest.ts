// The page asks the back end for the same kind of thing again and again (another day, another
// entry, another search) and the answers can come back in any order: only the answer to the
// newest ask may land on screen. Every state module keeps one `Latest` per kind of ask for
// that, instead of counting turns by hand.

export class Latest {
  private turn = 0;

  /** A new ask: every earlier one is stale from now on. The function says whether this one still is the newest. */
  start(): () => boolean {
    const turn = ++this.turn;
    return () => turn === this.turn;
  }

  /** Makes every ask so far stale: their answers are dropped. */
  cancel(): void {
    ++this.turn;
  }

  /**
   * Asks (`ask`), then hands the answer to `then`, or the failure to `fail`; either only while
   * this ask is still the newest.
   */
  async ask<T>(ask: () => Promise<T>, then: (answer: T) => void, fail: (error: unknown) => void): Promise<void> {
    const current = this.start();
    let answer: T;
    try {
      answer = await ask();
    } catch (e) {
      if (current()) fail(e);
      return;
    }
    if (current()) then(answer);
  }
}
