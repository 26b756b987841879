namespace wavecraft
{

namespace
{
    void logBrokenContract (const juce::String& function, const char* requiredThread)
    {
        juce::Logger::writeToLog ("wavecraft: " + function + " was called on another thread; it must be called on "
                                  + requiredThread + " (see its documentation)");
        jassertfalse;
    }

    std::atomic<ThreadContract::Handler> currentHandler { logBrokenContract };
} // namespace

ThreadContract::Handler ThreadContract::setHandler (Handler handler) noexcept
{
    return currentHandler.exchange (handler != nullptr ? handler : logBrokenContract);
}

void ThreadContract::reportBroken (const char* prettyFunction, const char* requiredThread, std::atomic<bool>& reportedHere)
{
    if (! reportedHere.exchange (true))
        currentHandler.load() (nameOf (prettyFunction), requiredThread);
}

juce::String ThreadContract::nameOf (const char* prettyFunction)
{
    // The name ends where its parameter list starts, and starts after the
    // return type (a space outside any template's angle brackets).
    const juce::String signature (prettyFunction);
    const auto name = signature.upToFirstOccurrenceOf ("(", false, false);
    int depth = 0;

    for (auto i = name.length(); --i >= 0;)
    {
        const auto c = name[i];
        depth += c == '>' ? 1 : (c == '<' ? -1 : 0);

        if (c == ' ' && depth == 0)
            return name.substring (i + 1);
    }

    return name;
}

} // namespace wavecraft
