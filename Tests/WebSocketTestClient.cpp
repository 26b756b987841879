#include "WebSocketTestClient.h"

#include <juce_core/juce_core.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace wavecraft::test
{

WebSocketTestClient::~WebSocketTestClient()
{
    if (socketHandle >= 0)
        ::close (socketHandle);
}

bool WebSocketTestClient::connectTo (int port, int timeoutMs)
{
    socketHandle = ::socket (AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons ((uint16_t) port);
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    setReadTimeout (timeoutMs);
    return socketHandle >= 0 && ::connect (socketHandle, (sockaddr*) &address, sizeof (address)) == 0;
}

void WebSocketTestClient::setReadTimeout (int milliseconds)
{
    readTimeoutMs = milliseconds;
    timeval timeout { milliseconds / 1000, (milliseconds % 1000) * 1000 };
    ::setsockopt (socketHandle, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof (timeout));
}

int WebSocketTestClient::handshake()
{
    const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ::send (socketHandle, request.data(), request.size(), MSG_NOSIGNAL);

    // The server's socket thread answers, without the message thread, so a
    // page with short reads can wait as long as a slow machine needs.
    const auto previousTimeout = readTimeoutMs;
    setReadTimeout (10000);

    while (received.find ("\r\n\r\n") == std::string::npos)
    {
        if (! receiveSome())
        {
            setReadTimeout (previousTimeout);
            return -1;
        }
    }

    setReadTimeout (previousTimeout);

    const auto code = std::atoi (received.c_str() + received.find (' ') + 1);
    received.erase (0, received.find ("\r\n\r\n") + 4);
    return code;
}

void WebSocketTestClient::sendText (const std::string& text)
{
    std::string frame { (char) 0x81 };

    if (text.size() < 126)
    {
        frame.push_back ((char) (0x80 | text.size()));
    }
    else
    {
        frame.push_back ((char) (0x80 | 126));
        frame.push_back ((char) (text.size() >> 8));
        frame.push_back ((char) text.size());
    }

    frame.append (4, '\0'); // a zero mask key leaves the payload as it is
    frame += text;
    ::send (socketHandle, frame.data(), frame.size(), MSG_NOSIGNAL);
}

bool WebSocketTestClient::receiveSome()
{
    char buffer[65536];
    const auto got = ::recv (socketHandle, buffer, sizeof (buffer), 0);

    if (got <= 0)
        return false;

    received.append (buffer, (size_t) got);
    return true;
}

bool WebSocketTestClient::readMessage (std::string& payload)
{
    const auto have = [this] (size_t bytes)
    {
        while (received.size() < bytes)
            if (! receiveSome())
                return false;

        return true;
    };

    if (! have (2))
        return false;

    size_t length = (unsigned char) received[1] & 0x7f, header = 2;

    if (length >= 126)
    {
        const size_t lengthBytes = length == 126 ? 2 : 8;

        if (! have (2 + lengthBytes))
            return false;

        length = 0;

        for (size_t i = 0; i < lengthBytes; ++i)
            length = (length << 8) | (unsigned char) received[2 + i];

        header = 2 + lengthBytes;
    }

    if (! have (header + length))
        return false;

    payload = received.substr (header, length);
    received.erase (0, header + length);
    return true;
}

std::string WebSocketTestClient::call (int id, const std::string& method, const std::string& paramsJson)
{
    sendText (R"({"jsonrpc":"2.0","id":)" + std::to_string (id) + R"(,"method":")" + method + R"(","params":)" + paramsJson + "}");
    const auto idField = R"("id":)" + std::to_string (id) + ",";

    // Socket threads answer without the message thread, so this may block.
    const auto previousTimeout = readTimeoutMs;
    setReadTimeout (10000);
    std::string answer;

    for (std::string message; answer.empty() && readMessage (message);)
    {
        if (message.find (idField) != std::string::npos)
            answer = message;
        else
            notifications.push_back (message);
    }

    setReadTimeout (previousTimeout);
    return answer;
}

bool WebSocketTestClient::ping (int id)
{
    return call (id, "ping").find (R"("pong":true)") != std::string::npos;
}

bool WebSocketTestClient::isNotification (const std::string& message, const std::string& method)
{
    // An answer has a result or an error; a notification has neither.
    return message.find (R"("method":")" + method + "\"") != std::string::npos
        && message.find (R"("result":)") == std::string::npos && message.find (R"("error":)") == std::string::npos;
}

std::string WebSocketTestClient::waitForNotification (const std::string& method)
{
    while (! notifications.empty())
    {
        auto first = notifications.front();
        notifications.erase (notifications.begin());

        if (isNotification (first, method))
            return first;
    }

    for (std::string message; readMessage (message);)
        if (isNotification (message, method))
            return message;

    return {};
}

bool WebSocketTestClient::receivesWithin (const std::string& method, int milliseconds)
{
    const auto found = std::any_of (notifications.begin(), notifications.end(), [&] (const std::string& message)
                                    { return isNotification (message, method); });
    notifications.clear();

    if (found)
        return true;

    const auto previousTimeout = readTimeoutMs;
    const auto deadline = juce::Time::getMillisecondCounter() + (juce::uint32) milliseconds;
    auto seen = false;

    while (! seen && juce::Time::getMillisecondCounter() < deadline)
    {
        setReadTimeout (juce::jmax (1, (int) (deadline - juce::Time::getMillisecondCounter())));
        std::string message;

        if (! readMessage (message))
            break;

        seen = isNotification (message, method);
    }

    setReadTimeout (previousTimeout);
    return seen;
}

} // namespace wavecraft::test
