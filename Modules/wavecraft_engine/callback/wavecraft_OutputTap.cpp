namespace wavecraft
{

int OutputTap::publish (const float* const* channels, int numSamples, juce::int64 timestampNanos) noexcept
{
    // One pass feeds both the FIFO and the meters; what the FIFO has no room
    // for is still metered. The same pass finds a NaN or an infinity (their
    // squares don't sum to a finite number) before the FIFO's reader can see
    // the block.
    detail::BlockLevels levels;
    outputFifo.writeWith (
        numSamples,
        [&levels, channels] (int from, float* left, float* right, int count)
        { levels.addWhileCopying (channels[0] + from, channels[1] + from, left, right, count); },
        [&levels, channels, numSamples] (int written)
        {
            if (written < numSamples)
                levels.add (channels[0] + written, channels[1] + written, numSamples - written);

            return levels.getNonFiniteChannels() == 0;
        });

    const auto badChannels = levels.getNonFiniteChannels();

    if (badChannels != 0)
        levels = {};

    meterQueue.push (levels.toMeterFrame (timestampNanos));
    return badChannels;
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

OutputTap::Claim::~Claim()
{
    owner.claimed = false;
}

} // namespace wavecraft
