/**
 * How often the client restarts a language server that stopped: at most `max` times within
 * `windowMs` (vscode-languageclient's default is 4 in 3 minutes; bplan makes it explicit so it can
 * say so, and what it says). Pure, so it is tested without VS Code.
 */
export interface RestartDecision {
  readonly restart: boolean;
  /** Restarts within the window, this one included when `restart` is true. */
  readonly restarts: number;
}

export class RestartBudget {
  private readonly stops: number[] = [];

  constructor(
    readonly max = 4,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** The server stopped at `now` (ms): restart it, or give up for this window. */
  stopped(now: number): RestartDecision {
    this.stops.push(now);
    while (this.stops.length > 0 && now - this.stops[0]! > this.windowMs) this.stops.shift();
    return this.stops.length <= this.max ? { restart: true, restarts: this.stops.length } : { restart: false, restarts: this.max };
  }

  /**
   * What the client says about a stop: on a restart, a line in the output; when it gives up, the
   * notification it shows (and writes to the output), naming the way out.
   */
  message(decision: RestartDecision): string {
    const minutes = this.windowMs / 60_000;
    return decision.restart
      ? `bplan: the language server stopped; restarting it (restart ${decision.restarts} of at most ${this.max} in ${minutes} minutes)`
      : `The bplan language server stopped ${this.max + 1} times in ${minutes} minutes and is not restarted. See "bplan: Show output", then run "bplan: Restart server".`;
  }

  /** A restart the user asked for starts a fresh budget. */
  reset(): void {
    this.stops.length = 0;
  }
}
