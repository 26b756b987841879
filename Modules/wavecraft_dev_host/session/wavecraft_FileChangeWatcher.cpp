#if JUCE_LINUX
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>
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
    stopThread (1000);
    cancelPendingUpdate();

#if JUCE_LINUX
    if (notifyHandle >= 0)
        ::close (notifyHandle);
#endif
}

bool FileChangeWatcher::start()
{
#if JUCE_LINUX
    notifyHandle = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);

    if (notifyHandle < 0)
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
#else
    return false;
#endif
}

void FileChangeWatcher::run()
{
#if JUCE_LINUX
    const auto name = file.getFileName();
    alignas (inotify_event) char events[4096];

    while (! threadShouldExit())
    {
        pollfd ready { notifyHandle, POLLIN, 0 };

        if (::poll (&ready, 1, 100) <= 0) // wakes to see threadShouldExit()
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

        if (changed && delivery == Delivery::watchThread && onChange != nullptr)
            onChange();
        else if (changed)
            triggerAsyncUpdate();
    }
#endif
}

void FileChangeWatcher::handleAsyncUpdate()
{
    if (onChange != nullptr)
        onChange();
}

} // namespace wavecraft
