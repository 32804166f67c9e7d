// The loopback floor of the serve bench's 1,000-row batch (`npm run bench -- serve`): a plain node:http
// server that reads each POST body to its end and answers with a stored answer (the file named by
// --answer: a real answer of the server just measured), doing no other work. The same client timing it
// as it timed the server says how much of "through HTTP" is sending the body and reading the answer over
// loopback on this machine, not the server's work. GET /health answers 200 (startServer waits for it).
// Also the floor of the single-record load (the same wrk load against it).
import { readFileSync } from 'node:fs';
import http from 'node:http';

const arg = (name) => process.argv[process.argv.indexOf(`--${name}`) + 1];
const answer = readFileSync(arg('answer'));
const headers = { 'Content-Type': 'application/json', 'Content-Length': answer.length };
// --spin-us N: N µs of busy work per POST before the answer (a server doing only CPU work: how the tail of a
// closed-loop load grows with the work per request on this machine; README "Where the tail comes from").
const spinMs = process.argv.includes('--spin-us') ? Number(arg('spin-us')) / 1000 : 0;

http
  .createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    req.on('data', () => {});
    req.on('end', () => {
      if (spinMs > 0) for (const start = performance.now(); performance.now() - start < spinMs; );
      res.writeHead(200, headers).end(answer);
    });
  })
  .listen(Number(arg('port')), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
