namespace wavecraft
{

namespace
{
    bool isEditorTemporary (const juce::String& name)
    {
        return name.endsWith (".swp") || name.endsWith (".swo") || name.endsWith ("~") || name.startsWith (".#");
    }

    /** Upstream's rules: nothing under target/, nothing hidden on the way. */
    bool isIgnoredPath (const juce::File& file, const juce::File& root)
    {
        if (! file.isAChildOf (root))
            return false;

        for (const auto& part : juce::StringArray::fromTokens (file.getRelativePathFrom (root), "/", ""))
            if (part.startsWith (".") || part == "target")
                return true;

        return false;
    }
} // namespace

SourceTreeWatcher::SourceTreeWatcher (const juce::File& sources, const juce::File& cargoManifest)
    : juce::Thread ("wavecraft source watch"),
      sourceFolder (sources),
      manifest (cargoManifest)
{
#if JUCE_LINUX
    notifyHandle = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
    wakeHandle = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
#endif
}

SourceTreeWatcher::~SourceTreeWatcher()
{
    signalThreadShouldExit();
#if JUCE_LINUX
    const uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write (wakeHandle, &one, sizeof (one));
#endif
    stopThread (2000);
    cancelPendingUpdate();
#if JUCE_LINUX
    ::close (notifyHandle);
    ::close (wakeHandle);
#endif
}

bool SourceTreeWatcher::isWatched (const juce::File& file) const
{
    if (file == manifest)
        return true;

    const auto name = file.getFileName();
    return file.isAChildOf (sourceFolder) && name.endsWith (".rs") && ! isEditorTemporary (name) && ! isIgnoredPath (file, sourceFolder);
}

void SourceTreeWatcher::note (const juce::File& file)
{
    if (! isWatched (file))
        return;

    const std::lock_guard<std::mutex> guard (lock);
    const auto now = getMonotonicNanos();

    if (changed.isEmpty())
        firstChangeNanos = now;

    lastChangeNanos = now;
    changed.addIfNotAlreadyThere (file.getFullPathName());
}

void SourceTreeWatcher::start()
{
#if JUCE_LINUX
    // The watches are in place before this returns; the thread only reads them.
    watchTree (sourceFolder, false);

    if (const auto handle = inotify_add_watch (notifyHandle, manifest.getParentDirectory().getFullPathName().toRawUTF8(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR); handle >= 0)
        watchedFolders.emplace (handle, manifest.getParentDirectory());
#endif
    startThread();
}

void SourceTreeWatcher::markReady()
{
    // [lock held] The batch has been quiet for debounceMs: it is told, and a
    // change from now on starts the next one.
    if (ready.isEmpty())
        readyFirstChangeNanos = firstChangeNanos;

    ready.addArray (changed);
    ready.removeDuplicates (false);
    changed.clear();
    lastChangeNanos = 0;
    triggerAsyncUpdate();
}

void SourceTreeWatcher::handleAsyncUpdate()
{
    juce::StringArray files;
    juce::int64 first = 0;

    {
        const std::lock_guard<std::mutex> guard (lock);
        std::swap (files, ready);
        first = readyFirstChangeNanos;
    }

    if (! files.isEmpty() && onChange != nullptr)
        onChange (first, files);
}

#if JUCE_LINUX
void SourceTreeWatcher::watchTree (const juce::File& folder, bool noteFilesInIt)
{
    if (isIgnoredPath (folder, sourceFolder))
        return;

    const auto handle = inotify_add_watch (notifyHandle, folder.getFullPathName().toRawUTF8(),
                                           IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);

    if (handle < 0)
        return;

    watchedFolders[handle] = folder;

    for (const auto& entry : juce::RangedDirectoryIterator (folder, false, "*", juce::File::findFilesAndDirectories))
    {
        if (entry.isDirectory())
            watchTree (entry.getFile(), noteFilesInIt);
        else if (noteFilesInIt)
            note (entry.getFile()); // a folder that came with files in it (moved in, or written before its watch was)
    }
}

void SourceTreeWatcher::readEvents()
{
    alignas (inotify_event) char events[8192];

    for (auto length = ::read (notifyHandle, events, sizeof (events)); length > 0; length = ::read (notifyHandle, events, sizeof (events)))
    {
        for (ssize_t offset = 0; offset < length;)
        {
            const auto* event = reinterpret_cast<const inotify_event*> (events + offset);
            offset += (ssize_t) (sizeof (inotify_event) + event->len);

            // Events were lost: one of them may have been a save.
            if ((event->mask & IN_Q_OVERFLOW) != 0)
                note (manifest);

            if ((event->mask & IN_IGNORED) != 0)
                watchedFolders.erase (event->wd);

            const auto folder = watchedFolders.find (event->wd);

            if (folder == watchedFolders.end() || event->len == 0)
                continue;

            const auto file = folder->second.getChildFile (juce::String::fromUTF8 (event->name));

            if ((event->mask & IN_ISDIR) != 0)
            {
                if ((event->mask & (IN_CREATE | IN_MOVED_TO)) != 0 && file.isAChildOf (sourceFolder))
                    watchTree (file, true); // a new module folder, and what is in it already
                continue;
            }

            note (file);
        }
    }
}

void SourceTreeWatcher::run()
{
    while (! threadShouldExit())
    {
        // Woken by a change, or once the quiet time after the last one is up.
        int timeoutMs = -1;

        {
            const std::lock_guard<std::mutex> guard (lock);

            if (lastChangeNanos != 0)
                timeoutMs = juce::jmax (0, debounceMs - (int) ((getMonotonicNanos() - lastChangeNanos) / 1000000));
        }

        pollfd handles[] = { { notifyHandle, POLLIN, 0 }, { wakeHandle, POLLIN, 0 } };
        const auto numReady = ::poll (handles, 2, timeoutMs);

        if ((handles[1].revents & POLLIN) != 0)
            break;

        if (numReady == 0)
        {
            const std::lock_guard<std::mutex> guard (lock);
            markReady();
            continue;
        }

        readEvents();
    }
}
#else
void SourceTreeWatcher::run()
{
    // A look every 20 ms at each watched file's stamp.
    std::map<juce::String, FileStamp> seen;
    const auto look = [this]
    {
        std::map<juce::String, FileStamp> now;

        for (const auto& entry : juce::RangedDirectoryIterator (sourceFolder, true, "*.rs", juce::File::findFiles))
            if (isWatched (entry.getFile()))
                now[entry.getFile().getFullPathName()] = FileStamp::of (entry.getFile());

        now[manifest.getFullPathName()] = FileStamp::of (manifest);
        return now;
    };

    seen = look();

    while (! threadShouldExit())
    {
        wait (20);
        const auto now = look();

        for (const auto& [path, stamp] : now)
            if (const auto before = seen.find (path); before == seen.end() || before->second != stamp)
                note (juce::File (path));

        for (const auto& [path, stamp] : seen)
            if (now.count (path) == 0)
                note (juce::File (path));

        seen = now;
        const std::lock_guard<std::mutex> guard (lock);

        if (lastChangeNanos != 0 && getMonotonicNanos() - lastChangeNanos >= (juce::int64) debounceMs * 1000000)
            markReady();
    }
}
#endif

} // namespace wavecraft
