namespace wavecraft
{

// Shared between processes, so only atomics that are plain words in memory will do.
static_assert (std::atomic<uint32_t>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free, "");
static_assert (sizeof (std::atomic<uint32_t>) == sizeof (uint32_t), "the futex word must be the atomic itself");

namespace
{
    juce::String describeErrno (const char* what)
    {
        return juce::String (what) + " failed: " + juce::String (std::strerror (errno));
    }

    WorkerChannel::Shared* mapShared (int fd)
    {
        auto* address = ::mmap (nullptr, sizeof (WorkerChannel::Shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        return address == MAP_FAILED ? nullptr : static_cast<WorkerChannel::Shared*> (address);
    }

    std::atomic<uint32_t> channelCounter { 0 };
} // namespace

std::unique_ptr<WorkerChannel> WorkerChannel::create (juce::String& error)
{
    const auto name = "/wavecraft-" + juce::String ((int) ::getpid()) + "-" + juce::String ((int) ++channelCounter);
    const auto fd = ::shm_open (name.toRawUTF8(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd < 0)
    {
        error = describeErrno ("shm_open");
        return nullptr;
    }

    Shared* shared = nullptr;

    if (::ftruncate (fd, (off_t) sizeof (Shared)) == 0)
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
    shared->layoutSize = (uint32_t) sizeof (Shared);
    return std::unique_ptr<WorkerChannel> (new WorkerChannel (name, shared, true));
}

std::unique_ptr<WorkerChannel> WorkerChannel::open (const juce::String& name, juce::String& error)
{
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

    if (shared->layoutSize != (uint32_t) sizeof (Shared))
    {
        error = "the host's shared memory is laid out by another build (" + juce::String ((int) shared->layoutSize) + " bytes, not "
            + juce::String ((int) sizeof (Shared)) + ")";
        ::munmap (shared, sizeof (Shared));
        return nullptr;
    }

    return std::unique_ptr<WorkerChannel> (new WorkerChannel (name, shared, false));
}

WorkerChannel::WorkerChannel (juce::String nameToUse, Shared* sharedToUse, bool owner)
    : name (std::move (nameToUse)),
      shared (sharedToUse),
      ownsName (owner)
{
}

WorkerChannel::~WorkerChannel()
{
    removeName();
    ::munmap (shared, sizeof (Shared));
}

void WorkerChannel::removeName()
{
    if (std::exchange (ownsName, false))
        ::shm_unlink (name.toRawUTF8());
}

void WorkerChannel::wake (std::atomic<uint32_t>& word) noexcept
{
    // Not FUTEX_PRIVATE_FLAG: the sleeper is in the other process.
    ::syscall (SYS_futex, reinterpret_cast<uint32_t*> (&word), FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

void WorkerChannel::waitWhileEquals (std::atomic<uint32_t>& word, uint32_t value, int timeoutMs) noexcept
{
    const timespec timeout { timeoutMs / 1000, (long) (timeoutMs % 1000) * 1000000L };
    ::syscall (SYS_futex, reinterpret_cast<uint32_t*> (&word), FUTEX_WAIT, value, &timeout, nullptr, 0);
}

std::string WorkerChannel::readText (size_t offset, uint32_t length) const
{
    offset = juce::jmin (offset, (size_t) textCapacity);
    return std::string (shared->text + offset, juce::jmin ((size_t) length, (size_t) textCapacity - offset));
}

} // namespace wavecraft
