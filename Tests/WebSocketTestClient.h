#pragma once

#include <string>
#include <vector>

namespace wavecraft::test
{

/** A blocking WebSocket client over a real socket, with just enough of RFC
    6455 to talk JSON-RPC to the host: masked text frames out, unmasked
    frames of any length in. Notifications that arrive while it waits for an
    answer are kept, in order, for waitForNotification().
*/
class WebSocketTestClient
{
public:
    WebSocketTestClient() = default;
    ~WebSocketTestClient();

    /** Connects to 127.0.0.1:port; reads give up after `timeoutMs`. */
    bool connectTo (int port, int timeoutMs = 10000);

    /** Sends the upgrade request and returns the status line's code. */
    int handshake();

    void sendText (const std::string& text);

    /** Reads one frame's payload; false on a timeout or a closed socket. */
    bool readMessage (std::string& payload);

    /** Sends a request and returns its answer's text ("" when none came),
        keeping the notifications read on the way.
    */
    std::string call (int id, const std::string& method, const std::string& paramsJson = "{}");

    /** Sends a ping request and reads until its answer. */
    bool ping (int id);

    /** The next notification of `method` (kept or read now), or "" when none
        came before the read timeout. Earlier notifications of other methods
        are dropped.
    */
    std::string waitForNotification (const std::string& method);

    /** Reads for `milliseconds` and says whether a notification of
        `method` came (kept ones included).
    */
    bool receivesWithin (const std::string& method, int milliseconds);

private:
    bool receiveSome();
    void setReadTimeout (int milliseconds);
    static bool isNotification (const std::string& message, const std::string& method);

    int socketHandle = -1, readTimeoutMs = 10000;
    std::string received;
    std::vector<std::string> notifications;
};

} // namespace wavecraft::test
