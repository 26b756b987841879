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

    // A second of ticks, and a device that ran: one that doesn't is the
    // device watch's business. (At 8192 frames a second has 5 or 6 blocks:
    // one late is then a sixth of the audio.)
    if (numTicks < (int) ticks.size() || blocks == 0)
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
                      juce::String ((juce::int64) late) + " of the last " + countOf ((juce::int64) blocks, "block", "blocks")
                          + " went out silent: the plugin's answer came too late for " + (late == 1 ? "it" : "them")
                          + " (each is due within "
                          + juce::String (blockSeconds * 1000.0 * PluginAudioCallback::isolatedAnswerBudget, 1) + " ms)",
                      "either its process() takes nearly a whole block, or the machine is busy with other work: make "
                      "process() cheaper, close what competes, or choose a bigger block size; this clears once it answers in time",
                      {} };
    note.subject = Diagnostic::Subject::plugin;
    note.fields.set (Diagnostic::Fields::fault, "late");
    note.fields.set (Diagnostic::Fields::lateBlocks, (juce::int64) late);
    note.fields.set (Diagnostic::Fields::blocks, (juce::int64) blocks);
    return note;
}

} // namespace wavecraft
