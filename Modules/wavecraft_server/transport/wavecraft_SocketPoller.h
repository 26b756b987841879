namespace wavecraft::detail
{

/** Waits for sockets to be readable or writable: epoll on Linux, where a
    wait costs the same with 2 sockets or 2000 and only the ready ones come
    back; poll(2) with the POSIX backends (see WAVECRAFT_POSIX_BACKENDS). Each socket is registered with a tag the caller
    gets back with its events. [one thread]
*/
class SocketPoller
{
public:
    struct Ready
    {
        void* tag;
        bool readable; /**< data, or the peer hung up or failed */
        bool writable;
        bool hungUp; /**< the peer is gone or the socket failed: reported even when reads aren't watched */
    };

    SocketPoller();
    ~SocketPoller();

    /** Watches `fd` for reading (and for writing, or no longer reading, once asked). */
    bool add (int fd, void* tag);

    /** Stops watching `fd`; call before closing it. */
    void remove (int fd);

    /** Which of `fd` being readable and writable wake the wait (a hang-up
        always does). The caller keeps track of what it asked for, and calls
        this only on a change.
    */
    void watch (int fd, void* tag, bool reads, bool writes);

    /** Waits up to `timeoutMs` (0: not at all) and returns what is ready,
        valid until the next wait. False when waiting itself failed.
    */
    bool wait (int timeoutMs, std::vector<Ready>& ready);

private:
    struct Watched
    {
        int fd;
        void* tag;
        bool reads, writes;
    };

    Watched* find (int fd);

    std::vector<Watched> watched;
    int epollFd = -1;         // Linux's backend
    std::vector<char> events; // the kernel's answer buffer (epoll_event or pollfd)

    JUCE_DECLARE_NON_COPYABLE (SocketPoller)
};

} // namespace wavecraft::detail
