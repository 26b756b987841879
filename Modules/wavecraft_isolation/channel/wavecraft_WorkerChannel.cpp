namespace wavecraft
{

// Shared between processes, so only atomics that are plain words in memory will do.
static_assert (std::atomic<uint32_t>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free, "");

namespace
{
    juce::String describeErrno (const char* what)
    {
        return juce::String (what) + " failed: " + juce::String (std::strerror (errno));
    }

    /** The mapping, in pages: [control] [guard] [left] [guard] [right] [guard]. */
    struct Layout
    {
        size_t page, control, region;

        static const Layout& get() noexcept
        {
            static const Layout layout = []
            {
                const auto page = (size_t)::sysconf (_SC_PAGESIZE);
                const auto roundUp = [page] (size_t bytes)
                { return (bytes + page - 1) / page * page; };
                return Layout { page, roundUp (sizeof (WorkerChannel::Shared)), roundUp (sizeof (float) * (WorkerChannel::maxBlockSize + WorkerChannel::overrunZoneSize)) };
            }();

            return layout;
        }

        size_t guardOffset (int index) const noexcept { return control + (size_t) index * (page + region); }
        size_t regionEnd (int channel) const noexcept { return guardOffset (channel + 1); }
        size_t total() const noexcept { return guardOffset (2) + page; }
    };

    /** Maps it, and makes the guards fault in this process. */
    WorkerChannel::Shared* mapShared (int fd)
    {
        const auto& layout = Layout::get();
        auto* address = ::mmap (nullptr, layout.total(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

        if (address == MAP_FAILED)
            return nullptr;

        for (int guard = 0; guard < 3; ++guard)
            ::mprotect (static_cast<char*> (address) + layout.guardOffset (guard), layout.page, PROT_NONE);

        return static_cast<WorkerChannel::Shared*> (address);
    }

    std::atomic<uint32_t> channelCounter { 0 };
} // namespace

std::unique_ptr<WorkerChannel> WorkerChannel::create (juce::String& error)
{
    auto link = WorkerLink::createForHost (error);

    if (link == nullptr)
        return nullptr;

    // A name left by a process that was killed before it removed it (whose
    // pid this process now has) is skipped: the next number is free.
    juce::String name;
    int fd = -1;

    for (int attempt = 0; attempt < 1000 && fd < 0; ++attempt)
    {
        name = "/wavecraft-" + juce::String ((int) ::getpid()) + "-" + juce::String ((int) ++channelCounter);
        fd = ::shm_open (name.toRawUTF8(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

        if (fd < 0 && errno != EEXIST)
            break;
    }

    if (fd < 0)
    {
        error = describeErrno ("shm_open");
        return nullptr;
    }

    Shared* shared = nullptr;

    if (::ftruncate (fd, (off_t) getMappedSize()) == 0)
        shared = mapShared (fd);

    if (shared == nullptr)
        error = describeErrno ("sizing the shared memory");

    ::close (fd);

    if (shared == nullptr)
    {
        ::shm_unlink (name.toRawUTF8());
        return nullptr;
    }

    new (shared) Shared(); // the worker only ever opens one that is built
    shared->layoutSize = (uint32_t) getMappedSize();
    return std::unique_ptr<WorkerChannel> (new WorkerChannel (name, shared, true, std::move (link)));
}

std::unique_ptr<WorkerChannel> WorkerChannel::open (const juce::String& name, juce::String& error)
{
    auto link = WorkerLink::openInWorker (error);

    if (link == nullptr)
        return nullptr;

    const auto fd = ::shm_open (name.toRawUTF8(), O_RDWR | O_CLOEXEC, 0600);

    if (fd < 0)
    {
        error = describeErrno ("shm_open");
        return nullptr;
    }

    auto* shared = mapShared (fd);
    ::close (fd);

    if (shared == nullptr)
    {
        error = describeErrno ("mmap");
        return nullptr;
    }

    if (shared->layoutSize != (uint32_t) getMappedSize())
    {
        error = "the host's shared memory is laid out by another build (" + juce::String ((int) shared->layoutSize) + " bytes, not "
            + juce::String ((int) getMappedSize()) + ")";
        ::munmap (shared, getMappedSize());
        return nullptr;
    }

    // Mapped on both sides now, so the name has served; a worker started
    // ahead of its load (a spare) leaves none behind while it waits.
    ::shm_unlink (name.toRawUTF8());
    return std::unique_ptr<WorkerChannel> (new WorkerChannel (name, shared, false, std::move (link)));
}

WorkerChannel::WorkerChannel (juce::String nameToUse, Shared* sharedToUse, bool owner, std::unique_ptr<WorkerLink> linkToUse)
    : name (std::move (nameToUse)),
      shared (sharedToUse),
      ownsName (owner),
      link (std::move (linkToUse))
{
}

WorkerChannel::~WorkerChannel()
{
    removeName();
    ::munmap (shared, getMappedSize());
}

size_t WorkerChannel::getMappedSize() noexcept
{
    return Layout::get().total();
}

float* WorkerChannel::getBlock (int channel, int numSamples) const noexcept
{
    jassert (channel == 0 || channel == 1);
    numSamples = juce::jlimit (0, maxBlockSize, numSamples);
    return reinterpret_cast<float*> (reinterpret_cast<char*> (shared) + Layout::get().regionEnd (channel)) - overrunZoneSize - numSamples;
}

WorkerChannel::Guard WorkerChannel::findGuard (const void* address) const noexcept
{
    const auto& layout = Layout::get();
    const auto offset = (uintptr_t) address - (uintptr_t) shared;

    for (int guard = 0; guard < 3; ++guard)
        if (offset - layout.guardOffset (guard) < layout.page) // unsigned: below the guard wraps far above
            return (Guard) (guard + 1);

    return Guard::none;
}

void WorkerChannel::removeName()
{
    if (std::exchange (ownsName, false))
        ::shm_unlink (name.toRawUTF8());
}

std::atomic<uint32_t>& WorkerChannel::getWord (WorkerLink::Bell bell) noexcept
{
    switch (bell)
    {
        case WorkerLink::Bell::request: return shared->request;
        case WorkerLink::Bell::reply: return shared->reply;
        case WorkerLink::Bell::control: return shared->controlRequest;
        case WorkerLink::Bell::controlReply:
        case WorkerLink::Bell::numBells: break;
    }

    return shared->controlReply;
}

void WorkerChannel::ring (WorkerLink::Bell bell) noexcept
{
    link->ring (bell, getWord (bell));
}

void WorkerChannel::waitWhileEquals (WorkerLink::Bell bell, uint32_t value, int timeoutMs) noexcept
{
    link->waitWhileEquals (bell, getWord (bell), value, timeoutMs);
}

std::string WorkerChannel::readText (size_t offset, uint32_t length) const
{
    offset = juce::jmin (offset, (size_t) textCapacity);
    return std::string (shared->text + offset, juce::jmin ((size_t) length, (size_t) textCapacity - offset));
}

} // namespace wavecraft
