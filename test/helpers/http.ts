import http from 'node:http';

export type PostResult = { status: number; body: Record<string, unknown> } | { error: string };

/** POST JSON to `${url}/v1/predict` over `agent`; resolves with status and body, or the connection error. */
export function postPredict(url: string, body: unknown, agent: http.Agent): Promise<PostResult> {
  const data = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/v1/predict`,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(data);
  });
}
