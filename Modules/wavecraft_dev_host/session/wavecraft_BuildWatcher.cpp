namespace wavecraft
{

namespace
{
    bool isIgnoredFolder (const juce::String& name)
    {
        return name.startsWith (".") || name == "target" || name == "build" || name == "node_modules"
            || name.startsWith ("cmake-build-") || name == "dist" || name == "out";
    }

    void addToFingerprint (const juce::File& folder, juce::int64& count, juce::int64& newest, juce::int64& bytes, int depth)
    {
        if (depth > 32)
            return;

        for (const auto& entry : juce::RangedDirectoryIterator (folder, false, "*", juce::File::findFilesAndDirectories))
        {
            const auto& file = entry.getFile();

            if (entry.isDirectory())
            {
                if (! isIgnoredFolder (file.getFileName()) && ! entry.isHidden())
                    addToFingerprint (file, count, newest, bytes, depth + 1);

                continue;
            }

            ++count;
            newest = juce::jmax (newest, entry.getModificationTime().toMilliseconds());
            bytes += entry.getFileSize();
        }
    }
} // namespace

BuildWatcher::BuildWatcher (const juce::File& folderToWatch, const juce::String& buildCommand)
    : juce::Thread ("wavecraft build watcher"),
      folder (folderToWatch),
      command (buildCommand)
{
}

BuildWatcher::~BuildWatcher()
{
    stopThread (10000);
}

juce::String BuildWatcher::fingerprintOf (const juce::File& folder)
{
    juce::int64 count = 0, newest = 0, bytes = 0;
    addToFingerprint (folder, count, newest, bytes, 0);
    return juce::String (count) + ":" + juce::String (newest) + ":" + juce::String (bytes);
}

void BuildWatcher::run()
{
    auto built = fingerprintOf (folder);
    auto seen = built;

    while (! threadShouldExit())
    {
        wait (scanIntervalMs);
        const auto now = fingerprintOf (folder);

        // Build once the sources have been quiet for a whole interval, so an
        // editor saving several files starts one build, not several.
        if (now != seen)
        {
            seen = now;
            continue;
        }

        if (now != built && ! threadShouldExit())
        {
            build();
            built = seen = fingerprintOf (folder);
        }
    }
}

void BuildWatcher::build()
{
    // Copies of the callbacks travel with the messages, so a watcher deleted
    // before they arrive leaves nothing dangling.
    if (auto started = onBuildStarted)
        juce::MessageManager::callAsync ([started]
                                         { started(); });

    const auto startedMicros = getMonotonicMicros();
    juce::String output;
    const auto exitCode = runBuild (output);

    if (threadShouldExit())
        return; // stopped mid-way: not a result
    const auto seconds = (double) (getMonotonicMicros() - startedMicros) / 1.0e6;
    const auto tail = juce::StringArray::fromLines (output.trimEnd());
    juce::StringArray lastLines;

    for (int i = juce::jmax (0, tail.size() - 12); i < tail.size(); ++i)
        lastLines.add (tail[i]);

    if (auto finished = onBuildFinished)
        juce::MessageManager::callAsync ([finished, exitCode, seconds, text = lastLines.joinIntoString ("\n")]
                                         { finished (exitCode, seconds, text); });
}

int BuildWatcher::runBuild (juce::String& output)
{
    // In a process group of its own: a build tool's compilers end with it
    // when the watcher stops mid-build (the host quits).
    std::mutex outputLock;
    std::atomic<int> exitCode { -1 };
    std::atomic<bool> ended { false };
    ProcessGroup process;

    process.onLine = [&] (const juce::String& line, bool)
    {
        const std::lock_guard<std::mutex> lock (outputLock);
        output << line << "\n";

        if (output.length() > 16000)
            output = output.getLastCharacters (8000); // keep the end, where errors are
    };
    process.onExit = [&] (int code)
    {
        exitCode = code;
        ended = true;
        notify();
    };

    juce::String error;

    if (! process.start ({ { "/bin/sh", "-c", command }, folder, {} }, error))
    {
        output = "the build could not be started: " + error;
        return -1;
    }

    while (! ended && ! threadShouldExit())
        wait (100);

    process.stop (stopGraceMs); // the reading thread is done after this
    return exitCode;
}

} // namespace wavecraft
