namespace wavecraft
{

PluginPlayer::PluginPlayer() = default;

PluginPlayer::~PluginPlayer() = default;

void PluginPlayer::prepareProcessor (juce::AudioProcessor& processor, double newSampleRate, int maximumBlockSize)
{
    processor.setRateAndBufferSizeDetails (newSampleRate, maximumBlockSize);
    processor.prepareToPlay (newSampleRate, maximumBlockSize);
}

std::unique_ptr<juce::AudioProcessor> PluginPlayer::setProcessor (std::unique_ptr<juce::AudioProcessor> processor)
{
    // Two channels are all the player hands a processor.
    jassert (processor == nullptr || juce::jmax (processor->getTotalNumInputChannels(), processor->getTotalNumOutputChannels()) <= 2);

    // Prepared outside the lock, swapped inside it: the audio thread is kept
    // from the processors only for the instant the pointers change hands.
    if (processor != nullptr && sampleRate.load() > 0.0)
        prepareProcessor (*processor, sampleRate.load(), blockSize.load());

    Slot next;
    next.supervision = dynamic_cast<SupervisedProcessing*> (processor.get());
    next.processor = std::move (processor);

    // Declared before the lock, so they are destroyed after it is let go: a
    // fade still running ends here, and what it faded out goes at once.
    Slot cutShort, retired;
    const juce::SpinLock::ScopedLockType lock (swapLock);
    cutShort = std::move (fadingOut);

    if (current.processor != nullptr && next.processor != nullptr && crossfadeSamples.load() > 0 && sampleRate.load() > 0.0)
    {
        // Both run for the fade; the audio thread stops the old one after
        // it, and collectFadedOutProcessor() hands it back.
        fadingOut = std::move (current);
        fadePosition = 0;
        fadeLength = crossfadeSamples.load();
    }
    else
    {
        retired = std::move (current);
    }

    current = std::move (next);
    nonFiniteBlocks.store (0);        // counted per processor
    pluginCallStartedNanos.store (0); // a late answer owed by the old one is not the new one's
    firstHeardNanos.store (0);

    // What a fade cut short faded out comes back too, as documented (the
    // caller may keep it loaded: an A/B of builds); only where a processor
    // was also replaced without a fade does the older one go here.
    return std::move (retired.processor != nullptr ? retired.processor : cutShort.processor);
}

std::unique_ptr<juce::AudioProcessor> PluginPlayer::collectFadedOutProcessor()
{
    // Only tried: the audio thread holds the lock for a whole block, forever
    // if the processor hangs, and this is called from a timer that must go on.
    const juce::SpinLock::ScopedTryLockType lock (swapLock);

    if (! lock.isLocked() || fadingOut.processor == nullptr || fadePosition < fadeLength)
        return nullptr;

    fadingOut.supervision = nullptr;
    return std::move (fadingOut.processor);
}

void PluginPlayer::prepare (double newSampleRate, int maximumBlockSize)
{
    jassert (newSampleRate > 0.0 && maximumBlockSize > 0);
    const juce::SpinLock::ScopedLockType lock (swapLock);
    fadeScratch.setSize (2, maximumBlockSize, false, true, false);
    sampleRate = newSampleRate;
    blockSize = maximumBlockSize;

    for (auto* slot : { &current, &fadingOut })
        if (slot->processor != nullptr)
            prepareProcessor (*slot->processor, newSampleRate, maximumBlockSize);
}

bool PluginPlayer::play (float* const* channels, int numSamples, juce::int64 startedNanos, juce::int64 answerByNanos) noexcept
{
    const juce::SpinLock::ScopedTryLockType lock (swapLock);

    if (! lock.isLocked() || numSamples > fadeScratch.getNumSamples())
    {
        juce::FloatVectorOperations::clear (channels[0], numSamples);
        juce::FloatVectorOperations::clear (channels[1], numSamples);
        return false;
    }

    // Bypassed, the input goes out as it came in: what the processor is compared against.
    if (bypassed.load (std::memory_order_relaxed))
    {
        lastPlayedNanos.store (startedNanos, std::memory_order_relaxed);
        return true;
    }

    if (current.processor == nullptr)
    {
        juce::FloatVectorOperations::clear (channels[0], numSamples);
        juce::FloatVectorOperations::clear (channels[1], numSamples);
        lastPlayedNanos.store (startedNanos, std::memory_order_relaxed);
        return true;
    }

    // Stamped, so a watchdog can tell a processor that never returns from a
    // device that stopped. The stamp stays while a worker owes an answer: a
    // late one leaves the audio thread free, and its blocks go out silent
    // until it answers.
    if (pluginCallStartedNanos.load (std::memory_order_relaxed) == 0)
        pluginCallStartedNanos.store (startedNanos, std::memory_order_relaxed);

    const auto fading = fadingOut.processor != nullptr && fadePosition < fadeLength;

    if (fading)
        for (int channel = 0; channel < 2; ++channel)
            juce::FloatVectorOperations::copy (fadeScratch.getWritePointer (channel), channels[channel], numSamples);

    const auto result = run (current, channels, numSamples, answerByNanos);

    if (fading)
        crossfadeFromOld (channels, numSamples, answerByNanos);

    countBlock (result);

    if (result == SupervisedProcessing::BlockResult::processed && firstHeardNanos.load (std::memory_order_relaxed) == 0)
        firstHeardNanos.store (startedNanos, std::memory_order_relaxed);

    lastPlayedNanos.store (startedNanos, std::memory_order_relaxed);
    return true;
}

forcedinline SupervisedProcessing::BlockResult PluginPlayer::run (Slot& slot, float* const* channels, int numSamples,
                                                                  juce::int64 answerByNanos) noexcept
{
    if (slot.supervision != nullptr)
        slot.supervision->setAnswerDeadline (answerByNanos);

    view.setDataToReferTo (channels, 2, numSamples);

    if (! midi.isEmpty()) // a processor may have left events in it
        midi.clear();
    slot.processor->processBlock (view, midi);
    return slot.supervision != nullptr ? slot.supervision->getLastBlockResult() : SupervisedProcessing::BlockResult::processed;
}

forcedinline void PluginPlayer::countBlock (SupervisedProcessing::BlockResult result) noexcept
{
    using Result = SupervisedProcessing::BlockResult;

    if (result == Result::late || result == Result::owing)
        lateBlocks.fetch_add (1, std::memory_order_relaxed);

    // A processor that answered since the last block works, however late.
    if (result != Result::owing)
    {
        pluginCallStartedNanos.store (0, std::memory_order_relaxed);
        processedBlocks.fetch_add (1, std::memory_order_relaxed);
    }
}

void PluginPlayer::crossfadeFromOld (float* const* channels, int numSamples, juce::int64 answerByNanos) noexcept
{
    // The old build runs on its own copy of the input, then the two outputs
    // are mixed along a straight line from the old to the new: two builds of
    // one plugin are alike, so equal gains sum to a steady level. An old
    // build in a worker shares this block's deadline with the new one.
    auto* old = fadeScratch.getArrayOfWritePointers();
    run (fadingOut, old, numSamples, answerByNanos);

    for (int i = 0; i < numSamples; ++i)
    {
        const auto newGain = juce::jmin (1.0f, (float) (fadePosition + i + 1) / (float) fadeLength);

        for (int channel = 0; channel < 2; ++channel)
            channels[channel][i] = old[channel][i] + newGain * (channels[channel][i] - old[channel][i]);
    }

    fadePosition += numSamples;
}

void PluginPlayer::silenceNonFinite (float* const* channels, int numSamples, int badChannels) noexcept
{
    // Rare: the block goes out as silence everywhere, and the processor's
    // state, which likely holds the NaN (a filter's memory), is reset so the
    // next blocks can be right again. Tried only: this block's play() let
    // the lock go, and a swap may hold it now.
    juce::FloatVectorOperations::clear (channels[0], numSamples);
    juce::FloatVectorOperations::clear (channels[1], numSamples);

    if (! bypassed.load (std::memory_order_relaxed))
    {
        const juce::SpinLock::ScopedTryLockType lock (swapLock);

        if (lock.isLocked())
            for (auto* slot : { &current, &fadingOut }) // a fade mixes both: either may hold it
                if (slot->processor != nullptr)
                    slot->processor->reset();
    }

    // The first bad block of this processor is the one worth naming.
    if (nonFiniteBlocks.load (std::memory_order_relaxed) == 0)
    {
        const auto blockIndex = juce::jmax ((juce::uint64) 1, processedBlocks.load (std::memory_order_relaxed)) - 1;
        firstNonFinite.store ((blockIndex << 2) | (juce::uint64) badChannels, std::memory_order_relaxed);
    }

    nonFiniteBlocks.fetch_add (1, std::memory_order_release);
}

bool PluginPlayer::stopHungPlugin()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    // `current` changes hands only in setProcessor(), on this same thread.
    return current.supervision != nullptr && current.supervision->stopWhileHung();
}

const char* PluginPlayer::getSupervisedCallInProgress() const noexcept
{
    // `current` changes hands only in setProcessor(), on this same thread.
    return current.supervision != nullptr ? current.supervision->getCallInProgress() : nullptr;
}

juce::int64 PluginPlayer::getMicrosInPlugin() const noexcept
{
    const auto started = pluginCallStartedNanos.load (std::memory_order_relaxed);
    return started == 0 ? 0 : juce::jmax ((juce::int64) 0, (getMonotonicNanos() - started) / 1000);
}

PluginPlayer::NonFiniteOutput PluginPlayer::getNonFiniteOutput() const noexcept
{
    NonFiniteOutput result;
    result.blocks = nonFiniteBlocks.load (std::memory_order_acquire);
    const auto first = firstNonFinite.load (std::memory_order_relaxed);
    result.firstBlock = first >> 2;
    result.firstChannels = (int) (first & 3);
    return result;
}

} // namespace wavecraft
