namespace wavecraft
{

bool LateAnswerWatch::update (const PluginAudioCallback::Counters& counters, double blockSeconds)
{
    // The oldest of the kept ticks is a second ago, once there are enough.
    std::rotate (ticks.begin(), ticks.begin() + 1, ticks.end());
    ticks.back() = { counters.callbacks, counters.lateBlocks };
    numTicks = juce::jmin (numTicks + 1, (int) ticks.size());

    const auto& oldest = ticks[ticks.size() - (size_t) numTicks];
    const auto blocks = ticks.back().callbacks - oldest.callbacks;
    const auto late = ticks.back().lateBlocks - oldest.lateBlocks;

    // Too few blocks to judge: a device that barely runs is the device
    // watch's business, not this one's.
    if (numTicks < (int) ticks.size() || blocks < 8)
        return false;

    const auto share = (double) late / (double) blocks;

    if (! diagnostic.has_value() && share > enterShare)
    {
        diagnostic = describe (late, blocks, blockSeconds);
        return true;
    }

    if (diagnostic.has_value() && share < leaveShare)
    {
        diagnostic.reset();
        return true;
    }

    return false;
}

void LateAnswerWatch::reset()
{
    numTicks = 0;
    diagnostic.reset();
}

Diagnostic LateAnswerWatch::describe (juce::uint64 late, juce::uint64 blocks, double blockSeconds)
{
    Diagnostic note { DiagnosticCode::unknown,
                      "the plugin's worker process answered " + juce::String ((juce::int64) late) + " of the last "
                          + juce::String ((juce::int64) blocks) + " blocks too late (each is due within "
                          + juce::String (blockSeconds * 1000.0 * PluginAudioCallback::isolatedAnswerBudget, 1)
                          + " ms): they went out silent",
                      "the machine is too busy for it (other audio programs, heavy processes), or its process() takes "
                      "nearly a whole block: close what competes, make process() cheaper, or choose a bigger block size; "
                      "this clears once it answers in time",
                      {} };
    note.subject = Diagnostic::Subject::plugin;
    note.fields.set (Diagnostic::Fields::fault, "late");
    return note;
}

} // namespace wavecraft
