namespace wavecraft
{

ValidationContext::ValidationContext (juce::File pluginToCheck, IsolatedPluginInstance::Options options, bool quickRun)
    : plugin (std::move (pluginToCheck)),
      workerOptions (std::move (options)),
      quick (quickRun)
{
}

std::unique_ptr<PluginUnderTest> ValidationContext::open()
{
    loadError.clear();
    return PluginUnderTest::load (
        plugin, workerOptions, [this] (const PluginUnderTest::Findings& findings)
        { collect (findings); },
        loadError);
}

namespace
{
    bool isSamePlace (const RealtimeViolation& a, const RealtimeViolation& b)
    {
        const auto sameFrame = [] (const StackFrame& x, const StackFrame& y)
        { return x.function == y.function && x.file == y.file && x.line == y.line && x.library == y.library; };

        return a.rule == b.rule && a.call == b.call && a.what == b.what && a.stack.size() == b.stack.size()
            && std::equal (a.stack.begin(), a.stack.end(), b.stack.begin(), sameFrame);
    }
} // namespace

void ValidationContext::collect (const PluginUnderTest::Findings& findings)
{
    ++numOpened;
    numWatched += findings.watched ? 1 : 0;
    secondsPlayed += findings.secondsPlayed;

    for (const auto& violation : findings.violations)
    {
        const auto known = std::find_if (violations.begin(), violations.end(), [&] (const auto& v)
                                         { return isSamePlace (v, violation); });

        if (known != violations.end())
            known->count += violation.count;
        else
            violations.push_back (violation);
    }
}

} // namespace wavecraft
