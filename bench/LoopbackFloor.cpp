/*
    The floor under ws_bench.mjs's one-client case: a closed loop of 50-byte
    messages over loopback TCP to an echo server that does nothing else (no
    WebSocket framing, no JSON), with the echo side sleeping in poll() between
    messages and then spinning instead. No server can answer one client faster
    than this on the same machine, so it tells how much of a round trip is the
    kernel's and the scheduler's rather than the server's.

    usage: wavecraft_loopback_floor [MESSAGES]   (default 50000)
    prints one JSON line: {"sleeping_rtt_us":..,"spinning_rtt_us":..}
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace
{
int makeNoDelay (int fd)
{
    const int one = 1;
    ::setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof (one));
    return fd;
}

[[noreturn]] void echo (int listener, bool spin)
{
    const auto connection = makeNoDelay (::accept (listener, nullptr, nullptr));
    char buffer[256];

    for (;;)
    {
        if (! spin)
        {
            pollfd readable { connection, POLLIN, 0 };
            ::poll (&readable, 1, -1);
        }

        const auto received = ::recv (connection, buffer, sizeof (buffer), MSG_DONTWAIT);

        if (received == 0)
            ::_exit (0);

        if (received > 0)
            ::send (connection, buffer, (size_t) received, 0);
    }
}

/** Mean round trip in microseconds, or a negative number on failure. */
double measure (bool spin, int messages)
{
    const auto listener = ::socket (AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t length = sizeof (address);

    if (::bind (listener, reinterpret_cast<sockaddr*> (&address), length) != 0 || ::listen (listener, 1) != 0
        || ::getsockname (listener, reinterpret_cast<sockaddr*> (&address), &length) != 0)
        return -1.0;

    const auto child = ::fork();

    if (child == 0)
        echo (listener, spin);

    // Whatever happens here, the echo child goes with it.
    const auto fail = [child]
    {
        ::kill (child, SIGKILL);
        ::waitpid (child, nullptr, 0);
        return -1.0;
    };

    const auto client = makeNoDelay (::socket (AF_INET, SOCK_STREAM, 0));

    if (child < 0 || ::connect (client, reinterpret_cast<sockaddr*> (&address), length) != 0)
        return fail();

    char message[50] = {}, reply[256];
    const auto started = std::chrono::steady_clock::now();

    for (int i = 0; i < messages; ++i)
    {
        ::send (client, message, sizeof (message), 0);

        for (size_t got = 0; got < sizeof (message);)
        {
            const auto received = ::recv (client, reply, sizeof (reply), 0);

            if (received <= 0)
                return fail();

            got += (size_t) received;
        }
    }

    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - started;
    ::close (client);
    ::close (listener);
    ::waitpid (child, nullptr, 0);
    return elapsed.count() / messages;
}
} // namespace

int main (int argc, char* argv[])
{
    const auto messages = argc > 1 ? std::atoi (argv[1]) : 50000;
    const auto sleeping = measure (false, messages);
    const auto spinning = measure (true, messages);
    std::printf ("{\"sleeping_rtt_us\":%.1f,\"spinning_rtt_us\":%.1f}\n", sleeping, spinning);
    return sleeping > 0.0 && spinning > 0.0 ? 0 : 1;
}
