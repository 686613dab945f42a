/** What the status bar item says about the active plan's findings. Pure, so it is tested without VS Code. */
export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface StatusSummary {
  /** With a codicon: `$(error) 3 bplan`, `$(warning) 1 bplan`, `$(info) 2 bplan`, `$(check) bplan`. */
  readonly text: string;
  readonly tooltip: string;
  readonly worst: 'error' | 'warning' | 'info' | 'none';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function statusSummary(c: FindingCounts): StatusSummary {
  const worst = c.errors ? 'error' : c.warnings ? 'warning' : c.infos ? 'info' : 'none';
  const count = c.errors || c.warnings || c.infos;
  const text = worst === 'none' ? '$(check) bplan' : `$(${worst}) ${count} bplan`;
  const tooltip =
    worst === 'none'
      ? 'bplan: no findings in this plan'
      : `bplan: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.infos, 'information', 'information')} in this plan. Click to open the Problems panel.`;
  return { text, tooltip, worst };
}
