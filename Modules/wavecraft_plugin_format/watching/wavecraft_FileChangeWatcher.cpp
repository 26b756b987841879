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

    if (notifyHandle < 0 || wakeHandle < 0 || ! watchNearestFolder())
    {
        if (notifyHandle >= 0)
            ::close (std::exchange (notifyHandle, -1));

        return false;
    }

    startThread();
    return true;
}

bool FileChangeWatcher::watchNearestFolder()
{
    // The folder, not the file: a rename over the file replaces its inode,
    // which a watch on the file itself would lose. Where the folder isn't
    // there (yet, or any more: a clean build deleted the bundle), the
    // nearest one that is, until the folders on the way are made.
    const auto folder = file.getParentDirectory();
    const auto findNearest = [&folder]
    {
        auto nearest = folder;

        while (! nearest.isDirectory() && nearest.getParentDirectory() != nearest)
            nearest = nearest.getParentDirectory();

        return nearest;
    };

    for (auto nearest = findNearest();;)
    {
        if (watchHandle >= 0)
            inotify_rm_watch (notifyHandle, watchHandle);

        watchingFolder = nearest == folder;
        const uint32_t lost = IN_DELETE_SELF | IN_MOVE_SELF;
        watchHandle = inotify_add_watch (notifyHandle, nearest.getFullPathName().toRawUTF8(),
                                         watchingFolder ? (IN_CLOSE_WRITE | IN_MOVED_TO | lost) : (IN_CREATE | IN_MOVED_TO | lost));

        // A folder on the way made while this one was being watched: no
        // event says so, so look again.
        const auto now = findNearest();

        if (watchHandle < 0 || now == nearest)
            return watchHandle >= 0;

        nearest = now;
    }
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
        auto changed = false, moved = false;

        for (ssize_t offset = 0; offset < length;)
        {
            const auto* event = reinterpret_cast<const inotify_event*> (events + offset);
            offset += (ssize_t) (sizeof (inotify_event) + event->len);

            // An overflow lost events: one of them may have been ours.
            if ((event->mask & IN_Q_OVERFLOW) != 0)
                changed = moved = true;

            if (event->wd != watchHandle)
                continue; // a watch given up before

            // The watched folder went, or a folder on the way to the file's came.
            moved = moved || (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) != 0
                || (! watchingFolder && (event->mask & IN_ISDIR) != 0);
            changed = changed || (watchingFolder && event->len > 0 && name == juce::String::fromUTF8 (event->name));
        }

        if (moved)
        {
            const auto wasWatchingFolder = watchingFolder;

            if (! watchNearestFolder())
                return; // nothing left to watch: the owner's poll is gone too, but so is every folder up to the root

            // A folder that came whole (a bundle moved in) holds the file
            // already, and no event will say so.
            changed = changed || (watchingFolder && ! wasWatchingFolder && file.existsAsFile());
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
