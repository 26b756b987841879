#include <poll.h>
#include <unistd.h>

#if ! WAVECRAFT_POSIX_BACKENDS
#include <sys/eventfd.h>
#include <sys/inotify.h>
#endif

namespace wavecraft
{

FileChangeWatcher::FileChangeWatcher (const juce::File& fileToWatch, Delivery deliveryToUse)
    : juce::Thread ("wavecraft file watch"),
      file (fileToWatch),
      delivery (deliveryToUse)
{
}

FileChangeWatcher::~FileChangeWatcher()
{
    // Woken, not waited for: a plugin instance that watches its library
    // (DevLibraryProcessor) is made and ended often by a host.
    signalThreadShouldExit();

    if (wakeHandle >= 0)
    {
        const uint64_t one = 1;
        juce::ignoreUnused (::write (wakeHandle, &one, sizeof (one)));
    }

    stopThread (1000);
    cancelPendingUpdate();

    for (const auto handle : { notifyHandle, wakeHandle })
        if (handle >= 0)
            ::close (handle);
}

#if ! WAVECRAFT_POSIX_BACKENDS
bool FileChangeWatcher::start()
{
    notifyHandle = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
    wakeHandle = ::eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);

    if (notifyHandle < 0 || wakeHandle < 0)
        return false;

    // The folder, not the file: a rename over the file replaces its inode,
    // which a watch on the file itself would lose.
    watchHandle = inotify_add_watch (notifyHandle, file.getParentDirectory().getFullPathName().toRawUTF8(),
                                     IN_CLOSE_WRITE | IN_MOVED_TO);

    if (watchHandle < 0)
    {
        ::close (notifyHandle);
        notifyHandle = -1;
        return false;
    }

    startThread();
    return true;
}

void FileChangeWatcher::run()
{
    const auto name = file.getFileName();
    alignas (inotify_event) char events[4096];

    while (! threadShouldExit())
    {
        pollfd ready[] = { { notifyHandle, POLLIN, 0 }, { wakeHandle, POLLIN, 0 } };

        if (::poll (ready, 2, -1) <= 0 || (ready[1].revents & POLLIN) != 0) // woken to end, or interrupted
            continue;

        const auto length = ::read (notifyHandle, events, sizeof (events));
        auto changed = false;

        for (ssize_t offset = 0; offset < length;)
        {
            const auto* event = reinterpret_cast<const inotify_event*> (events + offset);
            offset += (ssize_t) (sizeof (inotify_event) + event->len);

            // An overflow lost events: one of them may have been ours.
            changed = changed || (event->mask & IN_Q_OVERFLOW) != 0 || (event->len > 0 && name == juce::String::fromUTF8 (event->name));
        }

        if (changed)
            announce();
    }
}

#else

bool FileChangeWatcher::start()
{
    watchHandle = 0; // no handle to hold: the file is looked at
    startedWith = FileStamp::of (file);
    startThread();
    return true;
}

void FileChangeWatcher::run()
{
    // A stat every few milliseconds costs next to nothing. A change is
    // announced once the file stopped changing: for one look when it is a
    // new file (renamed over this one, whole at once), for writeSettleMs
    // when it is written in place, where a writer may pause.
    auto announced = startedWith;
    auto seen = FileStamp::of (file);
    auto seenSinceMs = getMonotonicMillis();

    while (! threadShouldExit())
    {
        wait (statIntervalMs);
        const auto now = FileStamp::of (file);
        const auto nowMs = getMonotonicMillis();

        if (now != seen)
        {
            seen = now;
            seenSinceMs = nowMs;
            continue;
        }

        const auto replaced = now.isAnotherFileThan (announced);

        if (now.exists && now != announced && (replaced || nowMs - seenSinceMs >= writeSettleMs))
        {
            announced = now;
            announce();
        }
    }
}
#endif

void FileChangeWatcher::announce()
{
    if (delivery == Delivery::watchThread && onChange != nullptr)
        onChange();
    else
        triggerAsyncUpdate();
}

void FileChangeWatcher::handleAsyncUpdate()
{
    if (onChange != nullptr)
        onChange();
}

} // namespace wavecraft
