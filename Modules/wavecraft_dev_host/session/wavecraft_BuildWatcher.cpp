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
    const auto script = "cd " + folder.getFullPathName().quoted ('\'') + " && " + command;
    juce::ChildProcess process;
    juce::String output;
    int exitCode = -1;

    if (process.start (juce::StringArray { "/bin/sh", "-c", script }))
    {
        char buffer[4096];

        while (! threadShouldExit())
        {
            const auto numRead = process.readProcessOutput (buffer, sizeof (buffer));

            if (numRead <= 0)
                break;

            output += juce::String::fromUTF8 (buffer, numRead);

            if (output.length() > 16000)
                output = output.getLastCharacters (8000); // keep the end, where errors are
        }

        if (threadShouldExit())
            process.kill();

        process.waitForProcessToFinish (10000);
        exitCode = (int) process.getExitCode();
    }
    else
    {
        output = "could not start /bin/sh to run the build";
    }

    const auto seconds = (double) (getMonotonicMicros() - startedMicros) / 1.0e6;
    const auto tail = juce::StringArray::fromLines (output.trimEnd());
    juce::StringArray lastLines;

    for (int i = juce::jmax (0, tail.size() - 12); i < tail.size(); ++i)
        lastLines.add (tail[i]);

    if (auto finished = onBuildFinished)
        juce::MessageManager::callAsync ([finished, exitCode, seconds, text = lastLines.joinIntoString ("\n")]
                                         { finished (exitCode, seconds, text); });
}

} // namespace wavecraft
