namespace wavecraft::detail
{

/** Waits for sockets to be readable or writable: epoll on Linux, where a
    wait costs the same with 2 sockets or 2000 and only the ready ones come
    back; poll(2) elsewhere. Each socket is registered with a tag the caller
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
    };

    SocketPoller();
    ~SocketPoller();

    /** Watches `fd` for reading (and writing once asked for). */
    bool add (int fd, void* tag);

    /** Stops watching `fd`; call before closing it. */
    void remove (int fd);

    /** Also wakes for `fd` being writable, or no longer. The caller keeps
        track of which it asked for, and calls this only on a change.
    */
    void watchWrites (int fd, void* tag, bool wanted);

    /** Waits up to `timeoutMs` (0: not at all) and returns what is ready,
        valid until the next wait. False when waiting itself failed.
    */
    bool wait (int timeoutMs, std::vector<Ready>& ready);

private:
    struct Watched
    {
        int fd;
        void* tag;
        bool writes;
    };

    Watched* find (int fd);

    std::vector<Watched> watched;
    int epollFd = -1;         // Linux
    std::vector<char> events; // the kernel's answer buffer (epoll_event or pollfd)

    JUCE_DECLARE_NON_COPYABLE (SocketPoller)
};

} // namespace wavecraft::detail
