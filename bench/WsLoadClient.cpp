/*
    A small, fast WebSocket load client for ws_bench.mjs, so the client is not
    what limits the measurement: one thread, non-blocking sockets and poll(),
    N connections, each keeping IN_FLIGHT `ping` requests outstanding (1 by
    default: the next is sent as soon as the previous answer arrives, which
    measures the round trip; more measures what the server can sustain). The
    answers come back in order, so each one is timed against its own request.

    wavecraft_ws_load ws://127.0.0.1:PORT CONNECTIONS SECONDS [WARMUP_SECONDS] [IN_FLIGHT]

    Prints one line of JSON: {"requests":N,"p50_us":..,"p99_us":..,"rps":..}.
    Plain POSIX and the standard library: the peer servers get exactly the same client.
*/
#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <deque>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace
{
using Clock = std::chrono::steady_clock;

struct Connection
{
    int fd = -1;
    std::string input, output;
    std::deque<Clock::time_point> sentAt; // of the requests not yet answered, oldest first
    long long id = 0;
};

std::string maskedText (const std::string& payload)
{
    std::string frame;
    frame.push_back ((char) 0x81);
    frame.push_back ((char) (0x80 | payload.size())); // pings are short
    const char mask[] = { 1, 2, 3, 4 };
    frame.append (mask, 4);

    for (size_t i = 0; i < payload.size(); ++i)
        frame.push_back ((char) (payload[i] ^ mask[i % 4]));

    return frame;
}

bool sendAll (int fd, const std::string& bytes)
{
    size_t sent = 0;

    while (sent < bytes.size())
    {
        const auto n = ::send (fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);

        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            pollfd writable { fd, POLLOUT, 0 };
            ::poll (&writable, 1, 100);
            continue;
        }

        if (n <= 0)
            return false;

        sent += (size_t) n;
    }

    return true;
}

int connectTo (int port)
{
    const auto fd = ::socket (AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons ((uint16_t) port);
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

    if (::connect (fd, (sockaddr*) &address, sizeof (address)) != 0)
        return -1;

    int one = 1;
    ::setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof (one));

    const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    if (! sendAll (fd, request))
        return -1;

    std::string response;
    char buffer[1024];

    while (response.find ("\r\n\r\n") == std::string::npos)
    {
        const auto n = ::recv (fd, buffer, sizeof (buffer), 0);

        if (n <= 0)
            return -1;

        response.append (buffer, (size_t) n);
    }

    if (response.rfind ("HTTP/1.1 101", 0) != 0)
        return -1;

    ::fcntl (fd, F_SETFL, O_NONBLOCK);
    return fd;
}

/** Takes whole server frames off the front of `input`; returns how many answered a ping. */
int countPongs (std::string& input)
{
    int pongs = 0;

    for (;;)
    {
        if (input.size() < 2)
            return pongs;

        size_t length = (unsigned char) input[1] & 0x7F, header = 2;

        if (length == 126)
        {
            if (input.size() < 4)
                return pongs;

            length = ((size_t) (unsigned char) input[2] << 8) | (unsigned char) input[3];
            header = 4;
        }
        else if (length == 127)
        {
            if (input.size() < 10)
                return pongs;

            length = 0;

            for (int i = 2; i < 10; ++i)
                length = (length << 8) | (unsigned char) input[(size_t) i];

            header = 10;
        }

        if (input.size() < header + length)
            return pongs;

        // An answer to ping, not a notification (those carry a "method").
        const auto frame = std::string_view (input).substr (header, length);

        if (frame.find ("\"pong\"") != std::string_view::npos && frame.find ("\"method\"") == std::string_view::npos)
            ++pongs;

        input.erase (0, header + length);
    }
}

// Queues one request; flush() sends what is queued in one write.
void queuePing (Connection& c, Clock::time_point now)
{
    c.sentAt.push_back (now);
    c.output += maskedText ("{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string (++c.id) + ",\"method\":\"ping\"}");
}

void flush (Connection& c)
{
    sendAll (c.fd, c.output);
    c.output.clear();
}

/** Reads what came for `c`; for each answer, records its round trip (from
    `measureFrom` on) and sends the next request, so `inFlight` stay out.
*/
void readAnswers (Connection& c, Clock::time_point measureFrom, std::vector<double>& rtts)
{
    char buffer[65536];
    const auto n = ::recv (c.fd, buffer, sizeof (buffer), 0);

    if (n <= 0)
        return;

    c.input.append (buffer, (size_t) n);
    const auto answered = countPongs (c.input);

    if (answered == 0)
        return;

    const auto now = Clock::now();

    for (int a = 0; a < answered && ! c.sentAt.empty(); ++a)
    {
        if (now >= measureFrom)
            rtts.push_back (std::chrono::duration<double, std::micro> (now - c.sentAt.front()).count());

        c.sentAt.pop_front();
        queuePing (c, now);
    }

    flush (c);
}

/** Runs the closed loop until `end`; returns the round trips measured. */
std::vector<double> runLoad (std::vector<Connection>& connections, int inFlight, Clock::time_point measureFrom,
                             Clock::time_point end)
{
    for (auto& c : connections)
    {
        for (int i = 0; i < inFlight; ++i)
            queuePing (c, Clock::now());

        flush (c);
    }

    std::vector<double> rtts;
    rtts.reserve (4000000);
    std::vector<pollfd> fds (connections.size());

    while (Clock::now() < end)
    {
        for (size_t i = 0; i < connections.size(); ++i)
            fds[i] = { connections[i].fd, POLLIN, 0 };

        if (::poll (fds.data(), fds.size(), 100) <= 0)
            continue;

        for (size_t i = 0; i < connections.size(); ++i)
            if ((fds[i].revents & POLLIN) != 0)
                readAnswers (connections[i], measureFrom, rtts);
    }

    return rtts;
}
} // namespace

int main (int argc, char* argv[])
{
    if (argc < 4)
    {
        std::fprintf (stderr, "usage: wavecraft_ws_load ws://127.0.0.1:PORT CONNECTIONS SECONDS [WARMUP] [IN_FLIGHT]\n");
        return 2;
    }

    const std::string url (argv[1]);
    const auto port = std::atoi (url.substr (url.rfind (':') + 1).c_str());
    const auto count = std::atoi (argv[2]);
    const auto seconds = std::atof (argv[3]);
    const auto warmup = argc > 4 ? std::atof (argv[4]) : 0.5;
    const auto inFlight = argc > 5 ? std::max (1, std::atoi (argv[5])) : 1;

    std::vector<Connection> connections ((size_t) count);

    for (auto& c : connections)
        if ((c.fd = connectTo (port)) < 0)
        {
            std::fprintf (stderr, "wavecraft_ws_load: could not connect to %s\n", url.c_str());
            return 1;
        }

    const auto start = Clock::now();
    const auto measureFrom = start + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (warmup));
    const auto end = measureFrom + std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (seconds));
    auto rtts = runLoad (connections, inFlight, measureFrom, end);

    for (auto& c : connections)
        ::close (c.fd);

    std::sort (rtts.begin(), rtts.end());
    const auto at = [&] (double q)
    { return rtts.empty() ? 0.0 : rtts[std::min (rtts.size() - 1, (size_t) (q * (double) rtts.size()))]; };
    std::printf ("{\"requests\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"rps\":%.1f}\n", rtts.size(), at (0.5), at (0.99),
                 (double) rtts.size() / seconds);
    return 0;
}
