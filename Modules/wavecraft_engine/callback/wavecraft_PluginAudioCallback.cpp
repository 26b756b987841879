namespace wavecraft
{

PluginAudioCallback::PluginAudioCallback() = default;

PluginAudioCallback::~PluginAudioCallback() = default;

std::unique_ptr<LoadedPlugin> PluginAudioCallback::setPlugin (std::unique_ptr<LoadedPlugin> newPlugin)
{
    // Prepare outside the lock, swap inside it: the audio thread is kept from
    // the plugin only for the instant the pointers change hands.
    if (newPlugin != nullptr && sampleRate.load() > 0.0)
    {
        newPlugin->processor->setSampleRate (sampleRate.load());
        newPlugin->processor->reset();
    }

    // Declared before the lock, so it is destroyed after the lock is let go:
    // a fade still running ends here, and what it faded out goes at once.
    std::unique_ptr<LoadedPlugin> cutShort, retired;
    const juce::SpinLock::ScopedLockType lock (swapLock);
    cutShort = std::move (fadingOut);
    const auto fades = plugin != nullptr && newPlugin != nullptr && crossfadeSamples.load() > 0 && sampleRate.load() > 0.0;

    if (fades)
    {
        // Both run for the fade; the audio thread stops the old one after
        // it, and collectFadedOutPlugin() hands it back here.
        fadingOut = std::move (plugin);
        fadePosition = 0;
        fadeLength = crossfadeSamples.load();
    }
    else
    {
        retired = std::move (plugin);
    }

    plugin = std::move (newPlugin);
    nonFiniteBlocks.store (0);        // counted per plugin
    pluginCallStartedNanos.store (0); // a late answer owed by the old one is not the new one's
    return retired;
}

std::unique_ptr<LoadedPlugin> PluginAudioCallback::collectFadedOutPlugin()
{
    // Only tried: the audio thread holds the lock for a whole block, forever
    // if the plugin hangs, and this is called from a timer that must go on.
    const juce::SpinLock::ScopedTryLockType lock (swapLock);

    if (! lock.isLocked())
        return nullptr;

    return fadingOut != nullptr && fadePosition >= fadeLength ? std::move (fadingOut) : nullptr;
}

std::unique_ptr<InputSource> PluginAudioCallback::setInputSource (std::unique_ptr<InputSource> newSource)
{
    if (newSource != nullptr && sampleRate.load() > 0.0)
        newSource->prepare (sampleRate.load(), juce::jmax (1, blockSize.load()));

    const juce::SpinLock::ScopedLockType lock (swapLock);
    std::swap (inputSource, newSource);
    return newSource;
}

std::unique_ptr<PluginAudioCallback::OutputClaim> PluginAudioCallback::claimOutputs()
{
    if (outputsClaimed.exchange (true))
    {
        jassertfalse; // someone reads these already: read the analyser's MeterTap instead
        return nullptr;
    }

    return std::unique_ptr<OutputClaim> (new OutputClaim (*this));
}

PluginAudioCallback::OutputClaim::~OutputClaim()
{
    owner.outputsClaimed = false;
}

void PluginAudioCallback::prepare (double newSampleRate, int maximumBlockSize)
{
    jassert (newSampleRate > 0.0 && maximumBlockSize > 0);
    const juce::SpinLock::ScopedLockType lock (swapLock);

    scratch.setSize (2, maximumBlockSize, false, true, false);
    scratch.clear();
    fadeScratch.setSize (2, maximumBlockSize, false, true, false);
    sampleRate = newSampleRate;
    blockSize = maximumBlockSize;
    answerNanosPerSample = isolatedAnswerBudget * 1.0e9 / newSampleRate; // worked out here, not per block

    if (plugin != nullptr)
    {
        plugin->processor->setSampleRate (newSampleRate);
        plugin->processor->reset();
    }

    if (inputSource != nullptr)
        inputSource->prepare (newSampleRate, maximumBlockSize);
}

// Inlined into processBlock: a block is nearly always one chunk, and the call
// would cost more than some of the work.
forcedinline void PluginAudioCallback::processChunk (const float* const* inputs, int numInputs, float* const* outputs,
                                                     int numOutputs, int offset, int numSamples, juce::int64 timestampNanos) noexcept
{
    // With two outputs the plugin works right in the device's output buffers,
    // which saves a copy per block; otherwise in the scratch buffer.
    const auto inOutputs = numOutputs >= 2 && outputs[0] != nullptr && outputs[1] != nullptr;
    float* const work[] = { inOutputs ? outputs[0] + offset : scratch.getWritePointer (0),
                            inOutputs ? outputs[1] + offset : scratch.getWritePointer (1) };

    fillWithInput (work, inputs, numInputs, offset, numSamples);

    // Bypassed, the input goes out as it came in: what the plugin is compared against.
    if (! bypassed.load (std::memory_order_relaxed))
        runPlugin (work, numSamples, timestampNanos);

    publishOutput (work, numSamples, timestampNanos);

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

forcedinline void PluginAudioCallback::runPlugin (float* const* work, int numSamples, juce::int64 timestampNanos) noexcept
{
    if (plugin == nullptr)
    {
        juce::FloatVectorOperations::clear (work[0], numSamples);
        juce::FloatVectorOperations::clear (work[1], numSamples);
        return;
    }

    // Stamped, so the engine's watchdog can tell a plugin that never returns
    // from a device that stopped. The stamp stays while the plugin owes an
    // answer: an isolated plugin that is late leaves the audio thread free,
    // and its blocks go out silent until it answers.
    if (pluginCallStartedNanos.load (std::memory_order_relaxed) == 0)
        pluginCallStartedNanos.store (timestampNanos, std::memory_order_relaxed);

    const auto fading = fadingOut != nullptr && fadePosition < fadeLength;

    if (fading)
        for (int channel = 0; channel < 2; ++channel)
            juce::FloatVectorOperations::copy (fadeScratch.getWritePointer (channel), work[channel], numSamples);

    plugin->processor->setAnswerDeadline (answerByNanos);
    const auto result = plugin->processor->process (work, numSamples, *plugin->parameters);

    if (fading)
        crossfadeFromOldPlugin (work, numSamples);

    using Result = PluginInstance::BlockResult;

    if (result == Result::late || result == Result::owing)
        lateBlocks.fetch_add (1, std::memory_order_relaxed);

    // A plugin that answered since the last block works, however late.
    if (result != Result::owing)
    {
        pluginCallStartedNanos.store (0, std::memory_order_relaxed);
        processedBlocks.fetch_add (1, std::memory_order_relaxed);
    }
}

forcedinline void PluginAudioCallback::publishOutput (float* const* work, int numSamples, juce::int64 timestampNanos) noexcept
{
    // One pass over the output feeds both the FIFO and the meters; what the
    // FIFO has no room for is still metered. The same pass finds a NaN or an
    // infinity (their squares don't sum to a finite number), before the
    // FIFO's reader can see the block.
    detail::BlockLevels levels;
    outputFifo.writeWith (
        numSamples,
        [&levels, &work] (int from, float* left, float* right, int count)
        { levels.addWhileCopying (work[0] + from, work[1] + from, left, right, count); },
        [&levels, &work, numSamples] (int written)
        {
            if (written < numSamples)
                levels.add (work[0] + written, work[1] + written, numSamples - written);

            return levels.getNonFiniteChannels() == 0;
        });

    if (const auto badChannels = levels.getNonFiniteChannels(); badChannels != 0)
    {
        silenceNonFiniteBlock (work, numSamples, badChannels);
        levels = {};
    }

    meterQueue.push (levels.toMeterFrame (timestampNanos));
}

void PluginAudioCallback::processBlock (const float* const* inputs, int numInputs,
                                        float* const* outputs, int numOutputs, int numSamples) noexcept
{
    const auto started = getMonotonicNanos();
    callbacks.fetch_add (1, std::memory_order_relaxed);

    if (numInputs > mostInputChannels.load (std::memory_order_relaxed))
        mostInputChannels.store (numInputs, std::memory_order_relaxed);

    const juce::SpinLock::ScopedTryLockType lock (swapLock);

    if (! lock.isLocked() || scratch.getNumSamples() == 0)
    {
        for (int channel = 0; channel < numOutputs; ++channel)
            if (outputs[channel] != nullptr)
                juce::FloatVectorOperations::clear (outputs[channel], numSamples);

        skippedBlocks.fetch_add (1, std::memory_order_relaxed);
        return;
    }

    // An isolated plugin's answer is due well inside the block's own length.
    answerByNanos = started + (juce::int64) (answerNanosPerSample * numSamples);

    if (numSamples <= scratch.getNumSamples())
    {
        processChunk (inputs, numInputs, outputs, numOutputs, 0, numSamples, started);
    }
    else
    {
        // A device may hand us more than it announced; never write past the scratch.
        for (int offset = 0; offset < numSamples;)
        {
            const auto chunk = juce::jmin (numSamples - offset, scratch.getNumSamples());
            processChunk (inputs, numInputs, outputs, numOutputs, offset, chunk, started);
            offset += chunk;
        }
    }

    // The load is worked out by whoever reads the counters: here it costs two adds.
    busyNanos.fetch_add ((juce::uint64) (getMonotonicNanos() - started), std::memory_order_relaxed);
    processedFrames.fetch_add ((juce::uint64) numSamples, std::memory_order_relaxed);
    lastCallbackNanos.store (started, std::memory_order_relaxed);
}

void PluginAudioCallback::crossfadeFromOldPlugin (float* const* work, int numSamples) noexcept
{
    // The old build runs on its own copy of the input, then the two outputs
    // are mixed along a straight line from the old to the new: two builds of
    // one plugin are alike, so equal gains sum to a steady level.
    // An isolated old build shares this block's deadline with the new one.
    auto* old = fadeScratch.getArrayOfWritePointers();
    fadingOut->processor->setAnswerDeadline (answerByNanos);
    fadingOut->processor->process (old, numSamples, *fadingOut->parameters);

    for (int i = 0; i < numSamples; ++i)
    {
        const auto newGain = juce::jmin (1.0f, (float) (fadePosition + i + 1) / (float) fadeLength);

        for (int channel = 0; channel < 2; ++channel)
            work[channel][i] = old[channel][i] + newGain * (work[channel][i] - old[channel][i]);
    }

    fadePosition += numSamples;
}

void PluginAudioCallback::silenceNonFiniteBlock (float* const* work, int numSamples, int badChannels) noexcept
{
    // Rare: the block goes out as silence everywhere (the FIFO got silence
    // already), and the plugin's state, which likely holds the NaN (a filter's
    // memory), is reset so the next blocks can be right again.
    juce::FloatVectorOperations::clear (work[0], numSamples);
    juce::FloatVectorOperations::clear (work[1], numSamples);

    if (! bypassed.load (std::memory_order_relaxed))
        for (auto* running : { plugin.get(), fadingOut.get() }) // a fade mixes both: either may hold it
            if (running != nullptr)
                running->processor->reset();

    // The first bad block of this plugin is the one worth naming.
    if (nonFiniteBlocks.load (std::memory_order_relaxed) == 0)
    {
        const auto blockIndex = juce::jmax ((juce::uint64) 1, processedBlocks.load (std::memory_order_relaxed)) - 1;
        firstNonFinite.store ((blockIndex << 2) | (juce::uint64) badChannels, std::memory_order_relaxed);
    }

    nonFiniteBlocks.fetch_add (1, std::memory_order_release);
}

bool PluginAudioCallback::stopHungPlugin()
{
    JUCE_ASSERT_MESSAGE_THREAD
    // `plugin` changes hands only in setPlugin(), on this same thread.
    return plugin != nullptr && plugin->processor->stopWhileHung();
}

juce::int64 PluginAudioCallback::getMicrosInPlugin() const noexcept
{
    const auto started = pluginCallStartedNanos.load (std::memory_order_relaxed);
    return started == 0 ? 0 : juce::jmax ((juce::int64) 0, (getMonotonicNanos() - started) / 1000);
}

PluginAudioCallback::NonFiniteOutput PluginAudioCallback::getNonFiniteOutput() const noexcept
{
    NonFiniteOutput result;
    result.blocks = nonFiniteBlocks.load (std::memory_order_acquire);
    const auto first = firstNonFinite.load (std::memory_order_relaxed);
    result.firstBlock = first >> 2;
    result.firstChannels = (int) (first & 3);
    return result;
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
    counters.processedBlocks = processedBlocks.load();
    counters.skippedBlocks = skippedBlocks.load();
    counters.lateBlocks = lateBlocks.load();
    counters.droppedMeterFrames = meterQueue.getNumDropped();
    counters.droppedOutputSamples = outputFifo.getNumDropped();
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
