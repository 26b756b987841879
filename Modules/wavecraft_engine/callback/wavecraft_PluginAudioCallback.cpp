namespace wavecraft
{

PluginAudioCallback::PluginAudioCallback() = default;

PluginAudioCallback::~PluginAudioCallback() = default;

std::unique_ptr<InputSource> PluginAudioCallback::setInputSource (std::unique_ptr<InputSource> newSource)
{
    if (newSource != nullptr && getSampleRate() > 0.0)
        newSource->prepare (getSampleRate(), juce::jmax (1, getBlockSize()));

    const juce::SpinLock::ScopedLockType lock (sourceLock);
    std::swap (inputSource, newSource);
    return newSource;
}

void PluginAudioCallback::prepare (double newSampleRate, int maximumBlockSize)
{
    jassert (newSampleRate > 0.0 && maximumBlockSize > 0);
    const juce::SpinLock::ScopedLockType lock (sourceLock);

    scratch.setSize (2, maximumBlockSize, false, true, false);
    scratch.clear();
    answerNanosPerSample = isolatedAnswerBudget * 1.0e9 / newSampleRate; // worked out here, not per block
    player.prepare (newSampleRate, maximumBlockSize);
    tap.setSampleRate (newSampleRate);

    if (inputSource != nullptr)
        inputSource->prepare (newSampleRate, maximumBlockSize);
}

// Inlined into processBlock: a block is nearly always one chunk, and the call
// would cost more than some of the work.
forcedinline void PluginAudioCallback::processChunk (const float* const* inputs, int numInputs, float* const* outputs, int numOutputs,
                                                     int offset, int numSamples, juce::int64 startedNanos, juce::int64 answerByNanos) noexcept
{
    // With two outputs the plugin works right in the device's output buffers,
    // which saves a copy per block; otherwise in the scratch buffer.
    const auto inOutputs = numOutputs >= 2 && outputs[0] != nullptr && outputs[1] != nullptr;
    float* const work[] = { inOutputs ? outputs[0] + offset : scratch.getWritePointer (0),
                            inOutputs ? outputs[1] + offset : scratch.getWritePointer (1) };

    fillWithInput (work, inputs, numInputs, offset, numSamples);

    if (inputTapped.load (std::memory_order_relaxed))
        inputTap.publish (work, numSamples, startedNanos); // a NaN in the input is the plugin's to meet

    if (! player.play (work, numSamples, startedNanos, answerByNanos))
        skippedBlocks.fetch_add (1, std::memory_order_relaxed);

    outputGain.apply (work, 2, numSamples);

    if (const auto badChannels = tap.publish (work, numSamples, startedNanos); badChannels != 0)
        player.silenceNonFinite (work, numSamples, badChannels);

    if (! inOutputs && numOutputs == 1 && outputs[0] != nullptr)
        juce::FloatVectorOperations::copy (outputs[0] + offset, work[0], numSamples);

    for (int channel = 2; channel < numOutputs; ++channel)
        if (outputs[channel] != nullptr)
            juce::FloatVectorOperations::clear (outputs[channel] + offset, numSamples);
}

forcedinline void PluginAudioCallback::fillWithInput (float* const* work, const float* const* inputs, int numInputs,
                                                      int offset, int numSamples) noexcept
{
    if (inputSource != nullptr)
    {
        inputSource->fill (work[0], work[1], numSamples);
    }
    else if (numInputs > 0 && inputs[0] != nullptr)
    {
        // A mono input feeds both channels; inputs past the second are ignored.
        const float* const sources[] = { inputs[0] + offset,
                                         (numInputs > 1 && inputs[1] != nullptr ? inputs[1] : inputs[0]) + offset };

        if (sources[0] != work[0] || sources[1] != work[1])
            detail::SampleKernels::get().copyStereo (sources[0], sources[1], work[0], work[1], numSamples);
    }
    else
    {
        juce::FloatVectorOperations::clear (work[0], numSamples);
        juce::FloatVectorOperations::clear (work[1], numSamples);
    }
}

void PluginAudioCallback::processBlock (const float* const* inputs, int numInputs,
                                        float* const* outputs, int numOutputs, int numSamples) noexcept
{
    const auto started = getMonotonicNanos();
    callbacks.fetch_add (1, std::memory_order_relaxed);

    if (numInputs > mostInputChannels.load (std::memory_order_relaxed))
        mostInputChannels.store (numInputs, std::memory_order_relaxed);

    const juce::SpinLock::ScopedTryLockType lock (sourceLock);

    if (! lock.isLocked() || scratch.getNumSamples() == 0)
    {
        for (int channel = 0; channel < numOutputs; ++channel)
            if (outputs[channel] != nullptr)
                juce::FloatVectorOperations::clear (outputs[channel], numSamples);

        skippedBlocks.fetch_add (1, std::memory_order_relaxed);
        return;
    }

    // An isolated plugin's answer is due well inside the block's own length.
    const auto answerBy = started + (juce::int64) (answerNanosPerSample * numSamples);

    // A device may hand us more than it announced; never write past the scratch.
    for (int offset = 0; offset < numSamples;)
    {
        const auto chunk = juce::jmin (numSamples - offset, scratch.getNumSamples());
        processChunk (inputs, numInputs, outputs, numOutputs, offset, chunk, started, answerBy);
        offset += chunk;
    }

    // The load is worked out by whoever reads the counters: here it costs two adds.
    busyNanos.fetch_add ((juce::uint64) (getMonotonicNanos() - started), std::memory_order_relaxed);
    processedFrames.fetch_add ((juce::uint64) numSamples, std::memory_order_relaxed);
    lastCallbackNanos.store (started, std::memory_order_relaxed);
}

float PluginAudioCallback::Counters::cpuLoadSince (const Counters& earlier, double sampleRate) const noexcept
{
    const auto frames = (double) (processedFrames - earlier.processedFrames);

    if (frames <= 0.0 || sampleRate <= 0.0)
        return 0.0f;

    return (float) ((double) (busyNanos - earlier.busyNanos) * 1.0e-9 * sampleRate / frames);
}

PluginAudioCallback::Counters PluginAudioCallback::getCounters() const noexcept
{
    Counters counters;
    counters.callbacks = callbacks.load();
    counters.processedBlocks = player.getProcessedBlocks();
    counters.skippedBlocks = skippedBlocks.load();
    counters.lateBlocks = player.getLateBlocks();
    counters.droppedMeterFrames = tap.getNumDroppedBlocks();
    counters.droppedOutputSamples = tap.getNumDroppedSamples();
    counters.mostInputChannels = mostInputChannels.load();
    counters.busyNanos = busyNanos.load();
    counters.processedFrames = processedFrames.load();
    return counters;
}

void PluginAudioCallback::audioDeviceIOCallbackWithContext (const float* const* inputChannelData, int numInputChannels,
                                                            float* const* outputChannelData, int numOutputChannels,
                                                            int numSamples, const juce::AudioIODeviceCallbackContext&)
{
    processBlock (inputChannelData, numInputChannels, outputChannelData, numOutputChannels, numSamples);
}

void PluginAudioCallback::audioDeviceAboutToStart (juce::AudioIODevice* device)
{
    prepare (device->getCurrentSampleRate(), device->getCurrentBufferSizeSamples());
}

void PluginAudioCallback::audioDeviceStopped()
{
}

} // namespace wavecraft
