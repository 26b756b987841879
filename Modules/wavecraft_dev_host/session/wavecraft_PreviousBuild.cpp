namespace wavecraft
{

void PreviousBuild::keep (juce::AudioProcessor* current, std::unique_ptr<ProcessorParameters> currentParameters, LoadedBuild newRecord,
                          std::unique_ptr<juce::AudioProcessor> replaced)
{
    // The build before goes, parameters first. On standby, it goes now;
    // heard, it is `replaced` or still fading out, and not expected back.
    parameters.reset();

    if (! heard)
        standby.reset();

    // Heard before, the newest build was on standby, where it stays.
    expected = previousProcessor = current;
    heard = false;
    parameters = current != nullptr ? std::move (currentParameters) : nullptr;

    if (parameters != nullptr)
        parameters->onProcessorChange = nullptr; // its own changes are not the session's

    record = newRecord;
    record.role = "previous";
    takeBack (std::move (replaced));
}

void PreviousBuild::clear()
{
    parameters.reset();
    standby.reset();
    expected = previousProcessor = nullptr;
    heard = false;
}

void PreviousBuild::takeBack (std::unique_ptr<juce::AudioProcessor> processor)
{
    if (processor != nullptr && processor.get() == expected && standby == nullptr)
        standby = std::move (processor);
    // anything else is dropped here, on the message thread
}

bool PreviousBuild::swap (AudioEngine& engine, juce::AudioProcessor* heardNow)
{
    if (! isLoaded())
        return false;

    // Switched back within a cross-fade: the one to play is still fading out.
    for (int i = 0; standby == nullptr && i < 100; ++i)
    {
        takeBack (engine.collectFadedOutProcessor());

        if (standby == nullptr)
            juce::Thread::sleep (1);
    }

    if (standby == nullptr)
        return false;

    auto next = std::move (standby);
    expected = heardNow;
    takeBack (engine.setProcessor (std::move (next)));
    heard = ! heard;
    return true;
}

void PreviousBuild::setValue (const juce::String& id, float value)
{
    if (parameters != nullptr && parameters->getStore()->indexOf (id) >= 0)
        juce::ignoreUnused (parameters->setValue (id, value));
}

void PreviousBuild::describeHeard (AudioStatus& status, int previousId, int newestId, bool canChooseNewest)
{
    auto& diagnostic = *status.diagnostic;
    diagnostic.message = "build " + juce::String (previousId) + ", the previous one (A/B): " + diagnostic.message;
    diagnostic.fields.set (Diagnostic::Fields::build, previousId);

    // Failed, it is silent: the way out is the newest build, not a rebuild.
    if (status.phase == AudioPhase::failed)
    {
        diagnostic.message << "; build " << newestId << ", the newest, is still loaded";
        diagnostic.hint = canChooseNewest ? "choose the newest build again (the window's A/B switch, or selectBuild \"current\"): "
                                            "the previous one is dropped then, and the next rebuild keeps another"
                                          : "it hangs on the audio thread, in the host's process: the newest can be chosen once it returns; "
                                            "to end it, restart the host";
    }
}

LoadedBuild PreviousBuild::getRecord() const
{
    auto described = record;
    described.heard = heard;
    return described;
}

} // namespace wavecraft
