/*
    The real host, started the way most Linux systems start a process (a soft
    limit of 1024 open files), must serve far more than 64 pages: 1100 raw
    WebSocket clients connect, and every one of them gets its ping answered.
*/
#include "TestHelpers.h"
#include "WebSocketTestClient.h"

#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace wavecraft;
using namespace wavecraft::detail; // unit tests of internals

namespace
{
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

    std::vector<std::unique_ptr<test::WebSocketTestClient>> clients;
    int accepted = 0, answered = 0;

    for (int i = 0; i < numClients; ++i)
    {
        auto client = std::make_unique<test::WebSocketTestClient>();
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
