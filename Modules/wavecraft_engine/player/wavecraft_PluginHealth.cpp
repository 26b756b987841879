namespace wavecraft
{

PluginHealth::PluginHealth (PluginPlayer& playerToJudge)
    : player (playerToJudge)
{
}

void PluginHealth::processorChanged()
{
    outputDiagnostic.reset();
    hangDiagnostic.reset(); // a hang of the old processor (in a worker) ends with it
    hungPluginStopped = false;
    nonFiniteBlocksSeen = 0; // the player counts afresh for each processor
    lateAnswers.reset();
}

void PluginHealth::setFault (std::optional<Diagnostic> newFault)
{
    fault = std::move (newFault);
}

void PluginHealth::check (const PluginAudioCallback::Counters& counters, double blockSeconds)
{
    // A plugin stuck on the audio thread stops the blocks too: nothing else
    // can be judged until it returns.
    if (checkHang (blockSeconds) && player.isAudioThreadInPlugin())
        return;

    checkNonFiniteOutput();
    lateAnswers.update (counters, blockSeconds);
}

bool PluginHealth::checkHang (double blockSeconds)
{
    if (hungPluginStopped)
        return true; // ended, it answers no more: the hang stands until the next processor

    const auto limit = (juce::int64) juce::jmax ((double) hangAfterMicros, 8.0e6 * blockSeconds);
    const auto inPlugin = player.getMicrosInPlugin();

    if (inPlugin < limit)
    {
        if (hangDiagnostic.has_value())
            juce::Logger::writeToLog ("the plugin's process() returned after " + juce::String ((double) lastHangMicros / 1.0e6, 2) + " s");

        hangDiagnostic.reset();
        return false;
    }

    lastHangMicros = inPlugin;
    const auto secondsHung = juce::roundToInt ((double) inPlugin / 1.0e5) / 10.0; // as the message says it

    if (! hangDiagnostic.has_value())
        hangDiagnostic = describeHang (secondsHung, false);

    if (inPlugin >= stopHungPluginAfterMicros && player.stopHungPlugin())
    {
        hungPluginStopped = true;
        hangDiagnostic = describeHang (secondsHung, true);
    }

    return true;
}

Diagnostic PluginHealth::describeHang (double secondsHung, bool ended) const
{
    // A worker says which call it is in; the audio thread's own hang is in
    // the block, whose call is process() as far as anyone can tell.
    const auto* marked = player.getSupervisedCallInProgress();
    const juce::String call = marked != nullptr ? marked : "process";
    Diagnostic diagnostic { DiagnosticCode::unknown,
                            ended ? "the plugin's " + call + "() did not return for " + juce::String (secondsHung, 1)
                                    + " s: it hangs (an endless loop, or a wait that never ends); its worker process was ended, to free the core it held"
                                  : "the plugin's " + call + "() has not returned for " + juce::String (secondsHung, 1)
                                    + " s: it hangs (an endless loop, or a wait that never ends)",
                            "fix the plugin and rebuild it; the host keeps serving meanwhile",
                            {} };
    diagnostic.subject = Diagnostic::Subject::plugin;
    diagnostic.fields.set (Diagnostic::Fields::fault, "hang");
    diagnostic.fields.set (Diagnostic::Fields::call, call);
    diagnostic.fields.set (Diagnostic::Fields::secondsHung, secondsHung);
    return diagnostic;
}

void PluginHealth::checkNonFiniteOutput()
{
    const auto nonFinite = player.getNonFiniteOutput();

    if (nonFinite.blocks == nonFiniteBlocksSeen)
        return;

    nonFiniteBlocksSeen = nonFinite.blocks;

    if (outputDiagnostic.has_value())
        return; // said once per processor; the player counts on

    const auto channels = nonFinite.firstChannels == 3 ? juce::String ("both channels")
                                                       : juce::String (nonFinite.firstChannels == 1 ? "the left channel" : "the right channel");
    const auto seconds = (double) nonFinite.firstBlock * juce::jmax (1, player.getBlockSize()) / juce::jmax (1.0, player.getSampleRate());
    outputDiagnostic = Diagnostic { DiagnosticCode::unknown,
                                    "the plugin's output held NaN or Inf on " + channels + " in block " + juce::String ((juce::int64) nonFinite.firstBlock)
                                        + " (" + juce::String (seconds, 2) + " s into the audio); that block went out as silence and the plugin was reset",
                                    "look for a division by zero or an unstable filter in process(); blocks like it keep being silenced",
                                    {} };
    outputDiagnostic->subject = Diagnostic::Subject::plugin;
    outputDiagnostic->fields.set (Diagnostic::Fields::fault, "nan");
    outputDiagnostic->fields.set (Diagnostic::Fields::block, (juce::int64) nonFinite.firstBlock);
    outputDiagnostic->fields.set (Diagnostic::Fields::channels, nonFinite.firstChannels == 3 ? "both" : (nonFinite.firstChannels == 1 ? "left" : "right"));
    outputDiagnostic->fields.set (Diagnostic::Fields::secondsOfAudio, seconds);
}

void PluginHealth::applyTo (AudioStatus& status) const
{
    if (fault.has_value() || hangDiagnostic.has_value())
    {
        status.phase = AudioPhase::failed;
        status.diagnostic = hangDiagnostic.has_value() ? hangDiagnostic : fault;
    }
    else if (status.isRunning() && lateAnswers.getDiagnostic().has_value())
    {
        status.phase = AudioPhase::degraded; // the device runs, and the plugin is too often late to be heard whole
        status.diagnostic = lateAnswers.getDiagnostic();
    }
    else if (status.isRunning() && ! status.diagnostic.has_value())
    {
        status.diagnostic = outputDiagnostic; // the audio runs; the note says what was silenced
    }

    status.lateBlocks = player.getLateBlocks();
}

} // namespace wavecraft
