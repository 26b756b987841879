/*
    The real host, started the way most Linux systems start a process (a soft
    limit of 1024 open files), must serve far more than 64 pages: 1100 raw
    WebSocket clients connect, and every one of them gets its ping answered.
*/
#include "TestHelpers.h"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace wavecraft;

namespace
{
/** A blocking WebSocket client with just enough of RFC 6455 for a ping. */
class RawClient
{
public:
    ~RawClient()
    {
        if (socketHandle >= 0)
            ::close (socketHandle);
    }

    bool connectTo (int port)
    {
        socketHandle = ::socket (AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons ((uint16_t) port);
        address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

        timeval timeout { 10, 0 };
        ::setsockopt (socketHandle, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof (timeout));
        return socketHandle >= 0 && ::connect (socketHandle, (sockaddr*) &address, sizeof (address)) == 0;
    }

    /** Sends the upgrade request and returns the status line's code. */
    int handshake()
    {
        sendAll ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        while (received.find ("\r\n\r\n") == std::string::npos)
            if (! receiveSome())
                return -1;

        const auto code = std::atoi (received.c_str() + received.find (' ') + 1);
        received.erase (0, received.find ("\r\n\r\n") + 4);
        return code;
    }

    /** Sends a ping request and reads frames (skipping meter notifications) until its answer. */
    bool ping (int id)
    {
        const auto text = R"({"jsonrpc":"2.0","id":)" + std::to_string (id) + R"(,"method":"ping"})";
        std::string frame { (char) 0x81, (char) (0x80 | text.size()), 0, 0, 0, 0 }; // masked with a zero key
        sendAll (frame + text);

        for (;;)
        {
            std::string message;

            if (! readFrame (message))
                return false;

            if (message.find (R"("id":)" + std::to_string (id) + ",") != std::string::npos)
                return message.find (R"("pong":true)") != std::string::npos;
        }
    }

private:
    void sendAll (const std::string& bytes) { ::send (socketHandle, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

    bool receiveSome()
    {
        char buffer[4096];
        const auto got = ::recv (socketHandle, buffer, sizeof (buffer), 0);

        if (got <= 0)
            return false;

        received.append (buffer, (size_t) got);
        return true;
    }

    bool readFrame (std::string& payload)
    {
        while (received.size() < 2)
            if (! receiveSome())
                return false;

        size_t length = (unsigned char) received[1] & 0x7f, header = 2;

        if (length == 126)
        {
            while (received.size() < 4)
                if (! receiveSome())
                    return false;

            length = ((size_t) (unsigned char) received[2] << 8) | (unsigned char) received[3];
            header = 4;
        }

        while (received.size() < header + length)
            if (! receiveSome())
                return false;

        payload = received.substr (header, length);
        received.erase (0, header + length);
        return true;
    }

    int socketHandle = -1;
    std::string received;
};

/** The host under `sh`, with a soft open-file limit of 1024, headless on the Virtual device. */
struct LimitedHost
{
    explicit LimitedHost (const juce::File& log, int hardLimit)
    {
        const auto command = "ulimit -Sn 1024 && ulimit -Hn " + juce::String (hardLimit) + " && exec "
            + test::getHostBinary().getFullPathName().quoted ('\'') + " --headless --port 0 --device-type Virtual --plugin "
            + test::getTestPlugin ("tp_v2").getFullPathName().quoted ('\'');
        pid = (pid_t) test::spawnProcess ({ "/bin/sh", "-c", command }, log);
        REQUIRE (pid > 0);
    }

    ~LimitedHost()
    {
        ::kill (pid, SIGTERM);
        int status = 0;
        ::waitpid (pid, &status, 0);
    }

    pid_t pid = -1;
};
} // namespace

TEST_CASE ("Started with a soft limit of 1024 open files, the host serves 1100 WebSocket clients at once", "[cli][server]")
{
    constexpr int numClients = 1100;

    // This process needs a descriptor per client too (juce_core raised its limit at start).
    if (FileDescriptorLimit::current() < numClients + 100)
    {
        WARN ("the hard limit on open files here (" << FileDescriptorLimit::current() << ") is too low for this test");
        return;
    }

    struct rlimit limit;
    REQUIRE (::getrlimit (RLIMIT_NOFILE, &limit) == 0);
    const auto hardLimit = (int) juce::jmin ((rlim_t) 4096, limit.rlim_max); // what the host can raise itself to

    test::TemporaryFolder temp;
    const auto log = temp.getFile ("host.log");
    LimitedHost host (log, hardLimit);
    int port = 0;

    REQUIRE (test::pumpUntil ([&]
                              {
                                  const auto text = log.loadFileAsString();
                                  port = text.fromFirstOccurrenceOf ("listening ws://127.0.0.1:", false, false).getIntValue();
                                  return port > 0; },
                              10000));
    INFO (log.loadFileAsString());
    CHECK (log.loadFileAsString().contains ("serving up to " + juce::String (hardLimit - FileDescriptorLimit::reserved) + " WebSocket clients"));

    std::vector<std::unique_ptr<RawClient>> clients;
    int accepted = 0, answered = 0;

    for (int i = 0; i < numClients; ++i)
    {
        auto client = std::make_unique<RawClient>();
        REQUIRE (client->connectTo (port));
        accepted += client->handshake() == 101 ? 1 : 0;
        clients.push_back (std::move (client));
    }

    // All of them at once: every one still open is answered.
    for (size_t i = 0; i < clients.size(); ++i)
        answered += clients[i]->ping ((int) i + 1) ? 1 : 0;

    CHECK (accepted == numClients);
    CHECK (answered == numClients);
}
