/** Stage → status: the config's and the built-in rules, matched loosely, else the guess. */
import { describe, expect, it } from 'vitest';
import { makeStageLookup } from '../src/config/stages.js';

describe('stage lookup status', () => {
  it("is the stage's rule (config first, any case and spacing), else the guess, the same when asked again", () => {
    const stages = makeStageLookup({ 'Won — pending paperwork': { status: 'open' }, 'Signed': { status: 'won' } });
    const asked = ['Closed Won', ' closed won ', 'Signed', 'SIGNED', 'Won — pending paperwork', 'Deal won!', 'Lost to competitor', 'Discovery'];
    const expected = ['won', 'won', 'won', 'won', 'open', 'won', 'lost', 'open'];
    expect(asked.map((s) => stages.status(s))).toEqual(expected);
    expect(asked.map((s) => stages.status(s))).toEqual(expected); // from memory now
  });
});
