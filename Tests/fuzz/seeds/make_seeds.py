#!/usr/bin/env python3
"""Writes the fuzzers' seed inputs, one folder per target, next to this file.

The seeds are committed; run this again after changing it. Each is a valid
input the target should accept (plus a few that it must refuse cleanly), so
the fuzzer starts from the protocol's real shapes instead of from nothing.
"""
import json
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))
mask = bytes([0x37, 0xFA, 0x21, 0x3D])


def write(target, name, data):
    os.makedirs(os.path.join(here, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(here, target, name), "wb") as f:
        f.write(data)


# --- WebSocket frames, as a client sends them (masked) ------------------------
def frame(opcode, payload, fin=True):
    if isinstance(payload, str):
        payload = payload.encode()
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


# The frame fuzzer's first byte picks the size of the pieces it feeds.
ping_request = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
write("frame", "text", b"\x10" + frame(0x1, ping_request))
write("frame", "text-16bit-length", b"\x03" + frame(0x1, '{"jsonrpc":"2.0","id":2,"method":"getAllParameters","pad":"' + "x" * 140 + '"}'))
write("frame", "binary", b"\x00" + frame(0x2, b"\x00\x01\x02\xff"))
write("frame", "ping-pong", b"\x05" + frame(0x9, "are you there") + frame(0xA, ""))
write("frame", "close", b"\x02" + frame(0x8, struct.pack(">H", 1000) + b"bye"))
write("frame", "close-empty", b"\x01" + frame(0x8, b""))
# A message in three fragments, a ping between them, a UTF-8 character split across two.
euro = "€".encode()
write("frame", "fragmented", b"\x07" + frame(0x1, b'{"jsonrpc":"2.0","id":"' + euro[:1], fin=False)
      + frame(0x9, "mid") + frame(0x0, euro[1:] + b'","method":', fin=False) + frame(0x0, '"ping"}'))
write("frame", "two-messages", b"\x10" + frame(0x1, ping_request) + frame(0x1, '{"jsonrpc":"2.0","method":"getMeterFrame"}'))

# --- JSON-RPC requests: every method of the contract --------------------------
requests = {
    "getParameter": {"jsonrpc": "2.0", "id": 1, "method": "getParameter", "params": {"id": "gain"}},
    "setParameter": {"jsonrpc": "2.0", "id": "a", "method": "setParameter", "params": {"id": "shape", "value": 2}},
    "getAllParameters": {"jsonrpc": "2.0", "id": 3, "method": "getAllParameters"},
    "getMeterFrame": {"jsonrpc": "2.0", "id": 4, "method": "getMeterFrame"},
    "getOscilloscopeFrame": {"jsonrpc": "2.0", "id": 5, "method": "getOscilloscopeFrame", "params": {}},
    "getAudioStatus": {"jsonrpc": "2.0", "id": 6, "method": "getAudioStatus"},
    "requestResize": {"jsonrpc": "2.0", "id": 7, "method": "requestResize", "params": {"width": 800, "height": 600}},
    "registerAudio": {"jsonrpc": "2.0", "id": 8, "method": "registerAudio",
                      "params": {"client_id": "page-1", "sample_rate": 48000, "buffer_size": 512}},
    "ping": {"jsonrpc": "2.0", "id": 9, "method": "ping"},
    "notification": {"jsonrpc": "2.0", "method": "setParameter", "params": {"id": "mute", "value": True}},
}
for name, request in requests.items():
    write("dispatcher", name, json.dumps(request, separators=(",", ":")))
write("dispatcher", "batch", json.dumps([requests["ping"], requests["getParameter"], requests["notification"]], separators=(",", ":")))

# --- A plugin's params JSON -----------------------------------------------------
write("params", "all-types", json.dumps([
    {"id": "gain", "name": "Gain", "type": "float", "value": 0.5, "default": 0.5, "min": 0, "max": 1, "unit": "dB", "group": "Main"},
    {"id": "bypass", "name": "Bypass", "type": "bool", "value": False, "default": 0, "min": 0, "max": 1},
    {"id": "mode", "name": "Mode", "type": "enum", "value": 1, "default": 1, "min": 0, "max": 2, "variants": ["Low", "Band", "High"]},
], indent=1))
write("params", "float", '[{"id":"cutoff","name":"Cutoff","type":"float","value":1000,"default":1000,"min":20,"max":20000,"unit":"Hz"}]')
write("params", "enum-no-variants", '[{"id":"steps","name":"Steps","type":"enum","value":3,"default":3,"min":1,"max":8}]')
write("params", "empty", "[]")

# --- HTTP upgrade requests ------------------------------------------------------
base = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
write("handshake", "no-origin", base + "\r\n")
write("handshake", "origin-localhost", base + "Origin: http://localhost:5173\r\n\r\n")
write("handshake", "origin-ipv6", base + "Origin: https://[::1]:8443\r\n\r\n")
write("handshake", "origin-foreign", base + "Origin: http://evil.example\r\n\r\n")
write("handshake", "browser", "GET /ws HTTP/1.1\r\nHost: localhost:9000\r\nUser-Agent: Mozilla/5.0\r\n"
      "upgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\nsec-websocket-version: 13\r\n"
      "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nOrigin: http://127.0.0.1:3000\r\n"
      "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
write("handshake", "old-version", base.replace("Version: 13", "Version: 8") + "\r\n")
# Once crashed the host: a stray UTF-8 continuation byte made JUCE's tokenizer memcpy (size_t) -1 bytes.
write("handshake", "invalid-utf8", base.replace("GET / ", "GET /\xa0 ").encode("latin-1") + b"\r\n")
# Also fuzzed as an Origin on its own.
write("handshake", "bare-origin", "http://localhost:9000/")
