namespace wavecraft
{

juce::StringArray BuildChecker::Result::describe() const
{
    juce::StringArray lines;
    auto summary = "build " + juce::String (build) + ", quick check in the background: " + ValidationReport::summarize (checks);

    if (! fixed.isEmpty())
        summary << "; fixed since the build checked before: " << fixed.joinIntoString (", ");

    lines.add (summary);

    for (const auto& problem : newProblems)
        lines.add ((hasPrevious ? "new in this build: " : juce::String()) + ValidationReport::toLine (problem));

    return lines;
}

BuildCheckSummary BuildChecker::Result::summarize() const
{
    BuildCheckSummary summary;
    summary.build = build;
    summary.passed = ValidationReport::count (checks, ValidationCheck::Result::pass);
    summary.warned = ValidationReport::count (checks, ValidationCheck::Result::warn);
    summary.failed = ValidationReport::count (checks, ValidationCheck::Result::fail);
    summary.comparedWithPrevious = hasPrevious;

    for (const auto& problem : newProblems)
        summary.newProblems.add (ValidationReport::toLine (problem));

    return summary;
}

BuildChecker::BuildChecker (IsolatedPluginInstance::Options options, Callback callback)
    : juce::Thread ("wavecraft build check"),
      workerOptions (std::move (options)),
      onChecked (std::move (callback))
{
    workerOptions.inBackground = true;
    workerOptions.keepSpareWorker = false;
    startThread();
}

BuildChecker::~BuildChecker()
{
    signalThreadShouldExit();
    notify();
    stopThread (15000);
    delete pending.exchange (nullptr);
}

void BuildChecker::check (const juce::File& library, int build)
{
    juce::String error;
    auto copy = BuildSnapshot::take (library, error);

    if (copy == nullptr)
    {
        juce::Logger::writeToLog ("build " + juce::String (build) + " is not checked in the background: " + error);
        return;
    }

    delete pending.exchange (new Pending { std::move (copy), build }); // one that waited is superseded
    notify();
}

void BuildChecker::run()
{
    WorkerPriority::moveToBackground(); // this thread spins while its workers answer

    while (! threadShouldExit())
    {
        std::unique_ptr<Pending> next (pending.exchange (nullptr));

        if (next == nullptr)
        {
            wait (-1);
            continue;
        }

        // A build that crashes or hangs is named by the live session already;
        // its check ends there rather than spin in more hung workers.
        auto faulted = false;
        PluginValidator::Options options;
        options.quick = true;
        options.workerOptions = workerOptions;
        options.onCheck = [&faulted] (const ValidationCheck& check)
        { faulted = faulted || check.detail.contains ("hung: ") || check.detail.contains (" crashed with "); };
        options.shouldStop = [this, &faulted]
        { return threadShouldExit() || faulted; };

        auto result = compare (next->build, PluginValidator::run (next->copy->getFile(), options));
        next.reset();

        if (threadShouldExit())
            break; // cut short: not a result (one cut short by a fault is)

        previous = result;

        if (onChecked != nullptr)
            onChecked (result);
    }
}

BuildChecker::Result BuildChecker::compare (int build, std::vector<ValidationCheck> checks) const
{
    Result result;
    result.build = build;
    result.checks = std::move (checks);
    result.hasPrevious = previous.has_value();

    const auto findBefore = [this] (const juce::String& id) -> const ValidationCheck*
    {
        for (const auto& check : previous->checks)
            if (check.id == id)
                return &check;

        return nullptr;
    };

    for (const auto& check : result.checks)
    {
        if (check.result == ValidationCheck::Result::pass)
        {
            if (const auto* before = previous.has_value() ? findBefore (check.id) : nullptr;
                before != nullptr && before->result != ValidationCheck::Result::pass)
                result.fixed.add (check.id);

            continue;
        }

        // New unless it was as bad before; a check that didn't run before
        // (that build's check ended early) counts as new.
        const auto* before = previous.has_value() ? findBefore (check.id) : nullptr;

        if (before == nullptr || before->result == ValidationCheck::Result::pass)
            result.newProblems.push_back (check);
    }

    return result;
}

} // namespace wavecraft
