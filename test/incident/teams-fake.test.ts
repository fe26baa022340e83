// The Teams stand-in must be able to fail: Teams itself answers 202 and drops a bad card silently,
// so the tests rely on the stand-in's checks (the subset schema and Microsoft's Adaptive Cards SDK).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelServer, startTeams } from '../support/paging/servers.ts';

let teams: ChannelServer;
beforeAll(async () => {
  teams = await startTeams();
});
afterAll(() => teams.stop());

async function send(content: unknown) {
  const response = await fetch(`${teams.url}/workflows/x`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
    }),
  });
  expect(response.status).toBe(202);
  return teams.received.at(-1)?.problems ?? [];
}

describe('the Teams stand-in', () => {
  it('accepts a well-formed Adaptive Card 1.2', async () => {
    const problems = await send({
      type: 'AdaptiveCard',
      version: '1.2',
      body: [
        { type: 'TextBlock', text: 'hello', wrap: true },
        { type: 'FactSet', facts: [{ title: 'Severity', value: 'SEV1' }] },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://github.com/octo-org/shop/issues/1' }],
    });
    expect(problems).toEqual([]);
  });

  it('reports what the SDK finds: an unknown element and an action without its url', async () => {
    const problems = await send({
      type: 'AdaptiveCard',
      version: '1.2',
      body: [{ type: 'Bogus' }],
      actions: [{ type: 'Action.OpenUrl', title: 'Open' }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'SDK: Unknown element type "Bogus". Fallback will be used if present.',
        'SDK: Property "url" must be set.',
      ]),
    );
  });
});
