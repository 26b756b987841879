namespace wavecraft
{

AudioProcessorBackend::AudioProcessorBackend (juce::AudioProcessor& processorToServe)
    : processor (processorToServe),
      parameters (processorToServe)
{
    parameters.onProcessorChange = [this] (const juce::String& id, float value)
    {
        listeners.call ([&] (Listener& l)
                        { l.parameterChanged (id, value, nullptr); });
    };

    analyser.start();
    startTimerHz (ProcessorParameters::pollHz);
}

AudioProcessorBackend::~AudioProcessorBackend()
{
    stopTimer();
    analyser.stop();
}

void AudioProcessorBackend::prepare (double sampleRate, int newMaximumBlockSize)
{
    tap.setSampleRate (sampleRate);
    maximumBlockSize = juce::jmax (1, newMaximumBlockSize);
}

void AudioProcessorBackend::pushOutput (const float* const* channels, int numChannels, int numSamples) noexcept
{
    if (maximumBlockSize.load (std::memory_order_acquire) == 0 || numChannels <= 0)
        return;

    // A mono output counts for both channels.
    const float* const stereo[] = { channels[0], channels[juce::jmin (numChannels, 2) - 1] };
    const auto now = getMonotonicNanos();
    tap.publish (stereo, numSamples, now);
    lastPushNanos.store (now, std::memory_order_relaxed);
}

bool AudioProcessorBackend::setParameter (const juce::String& id, float value, const void* origin)
{
    // As the processor's editor would: its listeners, the host and its
    // automation all hear it; the value is the one the parameter took.
    const auto taken = parameters.setValue (id, value);

    if (! taken.has_value())
        return false;

    listeners.call ([&] (Listener& l)
                    { l.parameterChanged (id, *taken, origin); });
    return true;
}

void AudioProcessorBackend::timerCallback()
{
    if (const auto status = getAudioStatus(); status.differsFrom (lastStatus))
    {
        lastStatus = status;
        listeners.call ([&] (Listener& l)
                        { l.audioStatusChanged (status); });
    }
}

AudioStatus AudioProcessorBackend::getAudioStatus() const
{
    AudioStatus status;
    const auto last = lastPushNanos.load (std::memory_order_relaxed);
    const auto running = last != 0 && getMonotonicNanos() - last < 500000000;
    status.phase = running ? AudioPhase::runningFullDuplex : (maximumBlockSize.load() > 0 ? AudioPhase::initializing : AudioPhase::disabled);
    status.sampleRate = running ? tap.getSampleRate() : 0.0;
    status.bufferSize = running ? maximumBlockSize.load() : 0;
    status.updatedAtMs = juce::Time::currentTimeMillis();
    return status;
}

} // namespace wavecraft
