namespace wavecraft
{

namespace
{
    // Above the descriptors a worker is given (3 to 8), so that putting
    // one in its place never overwrites another still to be put.
    constexpr int lowestHostDescriptor = 16;

    bool makePipe (int (&ends)[2])
    {
        // Close-on-exec at once where the OS can: another child started
        // meanwhile must not hold the life pipe, or a worker would outlive
        // its host.
        int made[2];
#if JUCE_MAC
        if (::pipe (made) != 0)
#else
        if (::pipe2 (made, O_CLOEXEC) != 0)
#endif
            return false;

        for (int i = 0; i < 2; ++i)
        {
            ends[i] = ::fcntl (made[i], F_DUPFD_CLOEXEC, lowestHostDescriptor);
            ::close (made[i]);
        }

        return ends[0] >= 0 && ends[1] >= 0;
    }

    void setFlags (int fd, int descriptorFlags, int statusFlags)
    {
        if (fd < 0)
            return;

        ::fcntl (fd, F_SETFD, ::fcntl (fd, F_GETFD) | descriptorFlags);
        ::fcntl (fd, F_SETFL, ::fcntl (fd, F_GETFL) | statusFlags);
    }

    void closeBoth (int (&ends)[2])
    {
        for (auto& fd : ends)
            if (fd >= 0)
                ::close (std::exchange (fd, -1));
    }
} // namespace

std::unique_ptr<WorkerLink> WorkerLink::createForHost (juce::String& error)
{
    std::unique_ptr<WorkerLink> link (new WorkerLink());

    for (auto& pipe : link->bellPipes)
    {
        if (! makePipe (pipe))
        {
            error = "pipe failed: " + juce::String (std::strerror (errno));
            return nullptr;
        }

        // Nobody waits on a ring: a full pipe already wakes its reader.
        for (int end = 0; end < 2; ++end)
            setFlags (pipe[end], 0, O_NONBLOCK);
    }

    if (! makePipe (link->lifePipe))
    {
        error = "pipe failed: " + juce::String (std::strerror (errno));
        return nullptr;
    }

    return link;
}

std::unique_ptr<WorkerLink> WorkerLink::openInWorker (juce::String& error)
{
    std::unique_ptr<WorkerLink> link (new WorkerLink());
    auto next = firstInheritedDescriptor;

    // The worker's end of each bell: it reads what it waits on, and writes the rest.
    for (size_t bell = 0; bell < (size_t) Bell::numBells; ++bell)
    {
        auto& end = link->bellPipes[bell][workerWaitsOn ((Bell) bell) ? 0 : 1];
        end = next++;
        setFlags (end, 0, O_NONBLOCK);
    }

    // And the control bell's writing end: the worker wakes its own control
    // thread with it when it ends.
    link->bellPipes[(size_t) Bell::control][1] = next++;
    setFlags (link->bellPipes[(size_t) Bell::control][1], 0, O_NONBLOCK);
    link->lifePipe[0] = next;

    for (const auto fd : link->getDescriptorsForWorker())
    {
        if (::fcntl (fd, F_GETFD) < 0)
        {
            error = "descriptor " + juce::String (fd) + " from the host is missing: start the worker through SpareWorker";
            return nullptr;
        }

        // The plugin's own children get none of them.
        setFlags (fd, FD_CLOEXEC, 0);
    }

    return link;
}

WorkerLink::~WorkerLink()
{
    for (auto& pipe : bellPipes)
        closeBoth (pipe);

    closeBoth (lifePipe);
}

std::vector<int> WorkerLink::getDescriptorsForWorker() const
{
    std::vector<int> descriptors;

    for (size_t bell = 0; bell < (size_t) Bell::numBells; ++bell)
        descriptors.push_back (bellPipes[bell][workerWaitsOn ((Bell) bell) ? 0 : 1]);

    descriptors.push_back (bellPipes[(size_t) Bell::control][1]);
    descriptors.push_back (lifePipe[0]);
    return descriptors;
}

int WorkerLink::getNumInheritedDescriptors() noexcept
{
    return (int) Bell::numBells + 2;
}

void WorkerLink::ring (Bell bell, std::atomic<uint32_t>&) noexcept
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write (bellPipes[(size_t) bell][1], &byte, 1);
}

void WorkerLink::waitWhileEquals (Bell bell, std::atomic<uint32_t>& word, uint32_t value, int timeoutMs) noexcept
{
    // A ring left in the pipe before the word was read still wakes this
    // wait: nothing is lost between the look at the word and the poll.
    const auto fd = bellPipes[(size_t) bell][0];

    if (word.load (std::memory_order_acquire) != value || fd < 0)
        return;

    pollfd ready { fd, POLLIN, 0 };

    if (::poll (&ready, 1, timeoutMs) > 0)
    {
        char drained[64];

        while (::read (fd, drained, sizeof (drained)) > 0)
        {
        }
    }
}

void WorkerLink::dieWithHost()
{
    // Only the host holds the writing end: end-of-file is its end. A thread
    // of its own, so a plugin that hangs still goes with its host.
    std::thread ([fd = lifePipe[0]]
                 {
                     for (char byte;;)
                     {
                         const auto result = ::read (fd, &byte, 1);

                         if (result == 0 || (result < 0 && errno != EINTR))
                             ::_exit (0);
                     } })
        .detach();
}

} // namespace wavecraft
