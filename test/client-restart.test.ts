/**
 * The VS Code client restarts a language server that stopped, at most 4 times in 3 minutes, and
 * says so: a line in the output for each restart, an error notification when it gives up. The
 * decision and the texts come from the pure RestartBudget that client/src/language-client.ts uses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBudget } from '../client/src/restart-budget';

const MINUTE = 60_000;
const GIVE_UP =
  'The bplan language server stopped 5 times in 3 minutes and is not restarted. See "bplan: Show output", then run "bplan: Restart server".';

describe('client: restart budget and what it says', () => {
  it('restarts the first 4 stops within 3 minutes, each saying which restart it is', () => {
    const budget = new RestartBudget();
    const t0 = 5 * MINUTE;
    const said = [0, 20, 40, 60].map((s) => budget.message(budget.stopped(t0 + s * 1000)));
    assert.deepEqual(
      said,
      [1, 2, 3, 4].map((n) => `bplan: the language server stopped; restarting it (restart ${n} of at most 4 in 3 minutes)`),
    );
  });

  it('does not restart the 5th stop within 3 minutes, and says so with the way out', () => {
    const budget = new RestartBudget();
    const t0 = 5 * MINUTE;
    for (const s of [0, 20, 40, 60]) assert.equal(budget.stopped(t0 + s * 1000).restart, true);
    const fifth = budget.stopped(t0 + 3 * MINUTE);
    assert.deepEqual(fifth, { restart: false, restarts: 4 });
    assert.equal(budget.message(fifth), GIVE_UP);
    // A stop exactly 3 minutes after the first still counts; a sixth one is not restarted either.
    assert.equal(budget.stopped(t0 + 3 * MINUTE + 1000).restart, false);
  });

  it('restarts again once the earlier stops are more than 3 minutes old, or after the user restarts it', () => {
    const budget = new RestartBudget();
    const t0 = 5 * MINUTE;
    for (const s of [0, 1, 2, 3, 4]) budget.stopped(t0 + s * 1000);
    // At t0 + 3 min + 2.5 s the stops at 0, 1 and 2 s have left the window: 2 remain, this is the 3rd.
    assert.deepEqual(budget.stopped(t0 + 3 * MINUTE + 2500), { restart: true, restarts: 3 });
    for (const s of [10, 11]) budget.stopped(t0 + s * 1000);
    assert.equal(budget.stopped(t0 + 12_000).restart, false);
    budget.reset();
    const afterReset = budget.stopped(t0 + 13_000);
    assert.deepEqual(afterReset, { restart: true, restarts: 1 });
    assert.match(budget.message(afterReset), /restart 1 of at most 4 in 3 minutes/);
  });
});
