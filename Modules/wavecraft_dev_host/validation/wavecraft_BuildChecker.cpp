namespace wavecraft
{

juce::StringArray BuildChecker::Result::describe() const
{
    juce::StringArray lines;
    auto summary = "build " + juce::String (build) + ", quick check in the background: " + ValidationReport::summarize (checks);

    if (! fixed.isEmpty())
        summary << "; fixed since the build before: " << fixed.joinIntoString (", ");

    lines.add (summary);

    for (const auto& problem : newProblems)
        lines.add ((hasPrevious ? "new in this build: " : juce::String()) + ValidationReport::toLine (problem));

    return lines;
}

BuildChecker::BuildChecker (IsolatedPluginInstance::Options options, Callback callback)
    : juce::Thread ("wavecraft build check"),
      workerOptions (std::move (options)),
      onChecked (std::move (callback)),
      copiesFolder (juce::File::getSpecialLocation (juce::File::tempDirectory).getNonexistentChildFile ("wavecraft-build-check-", ""))
{
    workerOptions.inBackground = true;
    workerOptions.keepSpareWorker = false;
    copiesFolder.createDirectory();
    startThread();
}

BuildChecker::~BuildChecker()
{
    signalThreadShouldExit();
    notify();
    stopThread (15000); // a check in progress ends after its current one, at most a hang's 2 s
    copiesFolder.deleteRecursively();
}

void BuildChecker::check (const juce::File& library, int build)
{
    // Copied now: the next build may land on the same path at any moment.
    const auto copy = copiesFolder.getChildFile (juce::String (++numCopies)).getChildFile (library.getFileName());

    if (! copy.getParentDirectory().createDirectory() || ! library.copyFileTo (copy))
        return;

    {
        const std::lock_guard<std::mutex> guard (lock);

        if (pending.has_value())
            pending->first.getParentDirectory().deleteRecursively(); // superseded before it was checked

        pending = std::make_pair (copy, build);
    }

    notify();
}

std::optional<BuildChecker::Result> BuildChecker::getLatest() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return latest;
}

void BuildChecker::run()
{
    WorkerPriority::moveToBackground(); // this thread spins while its workers answer

    while (! threadShouldExit())
    {
        std::optional<std::pair<juce::File, int>> next;

        {
            const std::lock_guard<std::mutex> guard (lock);
            std::swap (next, pending);
        }

        if (! next.has_value())
        {
            wait (-1);
            continue;
        }

        PluginValidator::Options options;
        options.quick = true;
        options.workerOptions = workerOptions;
        // A build that crashes or hangs is named by the live session already;
        // its check ends there rather than spin in more hung workers.
        auto faulted = false;
        options.onCheck = [&faulted] (const ValidationCheck& check)
        { faulted = faulted || check.detail.contains ("hung: ") || check.detail.contains (" crashed with "); };
        options.shouldStop = [this, &faulted]
        { return threadShouldExit() || faulted; };
        auto result = compare (next->second, PluginValidator::run (next->first, options));
        next->first.getParentDirectory().deleteRecursively();

        if (threadShouldExit())
            break; // cut short: not a result (one cut short by a fault is)

        {
            const std::lock_guard<std::mutex> guard (lock);
            latest = result;
        }

        if (onChecked != nullptr)
            onChecked (result);
    }
}

BuildChecker::Result BuildChecker::compare (int build, std::vector<ValidationCheck> checks)
{
    Result result;
    result.build = build;
    result.checks = std::move (checks);

    const auto previous = getLatest();
    result.hasPrevious = previous.has_value();
    const auto passedBefore = [&previous] (const juce::String& id)
    {
        if (! previous.has_value())
            return false;

        for (const auto& check : previous->checks)
            if (check.id == id)
                return check.result == ValidationCheck::Result::pass;

        return true; // not run before (its load failed): new now
    };

    for (const auto& check : result.checks)
        if (check.result != ValidationCheck::Result::pass && (! previous.has_value() || passedBefore (check.id)))
            result.newProblems.push_back (check);

    if (previous.has_value())
        for (const auto& before : previous->checks)
            if (before.result != ValidationCheck::Result::pass)
                for (const auto& now : result.checks)
                    if (now.id == before.id && now.result == ValidationCheck::Result::pass)
                        result.fixed.add (now.id);

    return result;
}

} // namespace wavecraft
