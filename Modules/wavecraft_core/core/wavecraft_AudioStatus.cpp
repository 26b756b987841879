namespace wavecraft
{

juce::String toString (AudioPhase phase)
{
    switch (phase)
    {
        case AudioPhase::disabled: return "disabled";
        case AudioPhase::initializing: return "initializing";
        case AudioPhase::runningFullDuplex: return "runningFullDuplex";
        case AudioPhase::runningInputOnly: return "runningInputOnly";
        case AudioPhase::degraded: return "degraded";
        case AudioPhase::failed: return "failed";
    }

    return "disabled";
}

juce::String describe (AudioPhase phase)
{
    switch (phase)
    {
        case AudioPhase::disabled: return "stopped";
        case AudioPhase::initializing: return "starting";
        case AudioPhase::runningFullDuplex: return "running, full duplex";
        case AudioPhase::runningInputOnly: return "running, input only";
        case AudioPhase::degraded: return "degraded";
        case AudioPhase::failed: return "failed";
    }

    return {};
}

bool AudioStatus::differsFrom (const AudioStatus& other) const
{
    const auto sameDiagnostic = diagnostic.has_value() == other.diagnostic.has_value()
        && (! diagnostic.has_value()
            || (diagnostic->code == other.diagnostic->code
                && diagnostic->message == other.diagnostic->message
                && diagnostic->hint == other.diagnostic->hint));

    return phase != other.phase || ! sameDiagnostic || sampleRate != other.sampleRate || bufferSize != other.bufferSize;
}

juce::String AudioStatus::describe() const
{
    auto text = wavecraft::describe (phase);

    if (sampleRate > 0.0)
        text << ", " << juce::String (sampleRate, 0) << " Hz, " << bufferSize << " frames";

    if (diagnostic.has_value())
        text << ": " << diagnostic->describe();

    return text;
}

} // namespace wavecraft
