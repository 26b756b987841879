namespace wavecraft
{

int OutputTap::publish (const float* const* channels, int numSamples, juce::int64 timestampNanos) noexcept
{
    // Without room for the block's record its samples aren't written either,
    // so every sample the reader finds belongs to a record.
    if (! blockQueue.hasRoom())
        return dropBlock (channels, numSamples);

    // One pass copies the block into the FIFO and sums its squares; what the
    // FIFO has no room for is still checked, since it still goes out.
    const auto& kernels = detail::SampleKernels::get();
    detail::LevelTotals totals;
    const auto written = outputFifo.writeWith (
        numSamples,
        [&kernels, &totals, channels] (int from, float* left, float* right, int count)
        { kernels.sumSquaresWhileCopying (channels[0] + from, channels[1] + from, left, right, count, totals); },
        [&kernels, &totals, channels, numSamples] (int numWritten)
        {
            if (numWritten < numSamples)
                kernels.sumSquares (channels[0] + numWritten, channels[1] + numWritten, nullptr, nullptr, numSamples - numWritten, totals);

            return totals.getNonFiniteChannels() == 0;
        });

    if (written > 0)
        blockQueue.push ({ timestampNanos, written });
    else
        droppedBlocks.fetch_add (1, std::memory_order_relaxed);

    return totals.getNonFiniteChannels();
}

int OutputTap::dropBlock (const float* const* channels, int numSamples) noexcept
{
    detail::LevelTotals totals;
    detail::SampleKernels::get().sumSquares (channels[0], channels[1], nullptr, nullptr, numSamples, totals);
    droppedBlocks.fetch_add (1, std::memory_order_relaxed);
    samplesOfQueuelessBlocks.fetch_add ((juce::uint64) numSamples, std::memory_order_relaxed);
    return totals.getNonFiniteChannels();
}

std::unique_ptr<OutputTap::Claim> OutputTap::claim()
{
    if (claimed.exchange (true))
    {
        jassertfalse; // someone reads these already: read the analyser's MeterTap instead
        return nullptr;
    }

    return std::unique_ptr<Claim> (new Claim (*this));
}

bool OutputTap::Claim::readBlock (PublishedBlock& block, juce::AudioBuffer<float>& destination)
{
    if (! owner.blockQueue.pop (block))
        return false;

    if (destination.getNumChannels() < 2 || destination.getNumSamples() < block.numSamples)
        destination.setSize (2, block.numSamples, false, false, true);

    // The record goes in after its samples, so they are all there.
    const auto numRead = owner.outputFifo.read (destination.getArrayOfWritePointers(), block.numSamples);
    jassert (numRead == block.numSamples);
    block.numSamples = numRead;
    return true;
}

OutputTap::Claim::~Claim()
{
    owner.claimed = false;
}

} // namespace wavecraft
