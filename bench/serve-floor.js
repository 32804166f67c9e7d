// The loopback floor of the serve bench's 1,000-row batch (`npm run bench -- serve`): a plain node:http
// server that reads each POST body to its end and answers with a stored answer (the file named by
// --answer: a real answer of the server just measured), doing no other work. The same client timing it
// as it timed the server says how much of "through HTTP" is sending the body and reading the answer over
// loopback on this machine, not the server's work. GET /health answers 200 (startServer waits for it).
import { readFileSync } from 'node:fs';
import http from 'node:http';

const arg = (name) => process.argv[process.argv.indexOf(`--${name}`) + 1];
const answer = readFileSync(arg('answer'));
const headers = { 'Content-Type': 'application/json', 'Content-Length': answer.length };

http
  .createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    req.on('data', () => {});
    req.on('end', () => res.writeHead(200, headers).end(answer));
  })
  .listen(Number(arg('port')), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
