// A JSON-RPC connection over a real WebSocket, for the check scripts' pages:
// call(method, params) resolves with the answer; every notification goes to
// onNotification(method, params).
import WebSocket from 'ws';

export async function openRpc (url, onNotification) {
    const socket = new WebSocket(url);
    const pending = new Map();
    let nextId = 1;

    socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== undefined) {
            pending.get(message.id)?.(message);
            pending.delete(message.id);
        } else {
            onNotification(message.method, message.params);
        }
    });

    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const call = (method, params = {}) => new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
    return { call, close: () => socket.close() };
}
