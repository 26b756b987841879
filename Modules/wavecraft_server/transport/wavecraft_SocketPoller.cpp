#include <cerrno>
#include <poll.h>
#include <unistd.h>

#if ! WAVECRAFT_POSIX_BACKENDS
#include <sys/epoll.h>
#endif

namespace wavecraft::detail
{

SocketPoller::SocketPoller()
{
#if ! WAVECRAFT_POSIX_BACKENDS
    epollFd = ::epoll_create1 (EPOLL_CLOEXEC);
#else
    juce::ignoreUnused (epollFd);
#endif
}

SocketPoller::~SocketPoller()
{
    if (epollFd >= 0)
        ::close (epollFd);
}

SocketPoller::Watched* SocketPoller::find (int fd)
{
    for (auto& entry : watched)
        if (entry.fd == fd)
            return &entry;

    return nullptr;
}

bool SocketPoller::add (int fd, void* tag)
{
    watched.push_back ({ fd, tag, true, false });

#if ! WAVECRAFT_POSIX_BACKENDS
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.ptr = tag;
    return ::epoll_ctl (epollFd, EPOLL_CTL_ADD, fd, &event) == 0;
#else
    return true;
#endif
}

void SocketPoller::remove (int fd)
{
#if ! WAVECRAFT_POSIX_BACKENDS
    ::epoll_ctl (epollFd, EPOLL_CTL_DEL, fd, nullptr);
#endif

    watched.erase (std::remove_if (watched.begin(), watched.end(), [fd] (const Watched& entry)
                                   { return entry.fd == fd; }),
                   watched.end());
}

void SocketPoller::watch (int fd, void* tag, bool reads, bool writes)
{
#if ! WAVECRAFT_POSIX_BACKENDS
    epoll_event event {};
    event.events = (reads ? EPOLLIN : 0u) | (writes ? EPOLLOUT : 0u);
    event.data.ptr = tag;
    ::epoll_ctl (epollFd, EPOLL_CTL_MOD, fd, &event);
#else
    juce::ignoreUnused (tag);

    if (auto* entry = find (fd))
    {
        entry->reads = reads;
        entry->writes = writes;
    }
#endif
}

bool SocketPoller::wait (int timeoutMs, std::vector<Ready>& ready)
{
    ready.clear();

#if ! WAVECRAFT_POSIX_BACKENDS
    events.resize (juce::jmax<size_t> (1, watched.size()) * sizeof (epoll_event));
    auto* answers = reinterpret_cast<epoll_event*> (events.data());
    const auto count = ::epoll_wait (epollFd, answers, (int) juce::jmax<size_t> (1, watched.size()), timeoutMs);

    for (int i = 0; i < count; ++i)
        ready.push_back ({ answers[i].data.ptr, (answers[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0,
                           (answers[i].events & EPOLLOUT) != 0, (answers[i].events & (EPOLLHUP | EPOLLERR)) != 0 });
#else
    events.resize (watched.size() * sizeof (pollfd));
    auto* fds = reinterpret_cast<pollfd*> (events.data());

    for (size_t i = 0; i < watched.size(); ++i)
        fds[i] = { watched[i].fd, (short) ((watched[i].reads ? POLLIN : 0) | (watched[i].writes ? POLLOUT : 0)), 0 };

    const auto count = ::poll (fds, (nfds_t) watched.size(), timeoutMs);

    for (size_t i = 0; count > 0 && i < watched.size(); ++i)
        if (fds[i].revents != 0)
            ready.push_back ({ watched[i].tag, (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                               (fds[i].revents & POLLOUT) != 0, (fds[i].revents & (POLLHUP | POLLERR)) != 0 });
#endif

    return count >= 0 || errno == EINTR;
}

} // namespace wavecraft::detail
