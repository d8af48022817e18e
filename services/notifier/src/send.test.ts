import { createWebhookDispatcher } from '@minerisk/shared/webhooks/ssrfGuard';
import { sendWebhook } from './send';

const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };

describe('sendWebhook and the connect-time guard (issue 21)', () => {
  const dispatcher = createWebhookDispatcher({
    // A name that resolves to loopback: refused on the address the socket would use.
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
  });
  afterAll(() => dispatcher.close());

  it('marks a literal private address as refused, with the reason', async () => {
    const r = await sendWebhook(dispatcher, 'http://10.0.0.1:9/hook', '{}', headers, 2000);
    expect(r).toMatchObject({ statusCode: null, refused: true });
    expect(r.error).toMatch(/webhook address refused: 10\.0\.0\.1 \(private\)/);
  });

  it('marks a name resolving to loopback as refused', async () => {
    const r = await sendWebhook(dispatcher, 'http://receiver.example:9/hook', '{}', headers, 2000);
    expect(r).toMatchObject({ statusCode: null, refused: true });
    expect(r.error).toMatch(/receiver\.example is 127\.0\.0\.1 \(loopback\)/);
  });
});
