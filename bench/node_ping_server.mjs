// The peer for ws_bench.mjs: a Node `ws` server on 127.0.0.1 that answers
// JSON-RPC `ping` exactly as wavecraft-host does. Prints its URL, then serves.
import { WebSocketServer } from '../Tests/e2e/node_modules/ws/wrapper.mjs';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (ws) => {
    ws.on('message', (data) => {
        const request = JSON.parse(data.toString());
        if (request.method === 'ping')
            ws.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { pong: true } }));
    });
});
server.on('listening', () => console.log(`ws://127.0.0.1:${server.address().port}`));
