namespace wavecraft
{

SampleHistory::SampleHistory (int capacityInFrames)
    : frames (2, capacityInFrames)
{
    frames.clear();
}

void SampleHistory::write (const float* left, const float* right, int numSamples, double rate)
{
    sampleRate.store (rate);
    const std::lock_guard<std::mutex> guard (lock);
    const auto capacity = frames.getNumSamples();
    const auto skipped = juce::jmax (0, numSamples - capacity); // only the newest fit
    const float* sources[] = { left + skipped, right + skipped };
    auto remaining = numSamples - skipped;

    while (remaining > 0)
    {
        const auto chunk = juce::jmin (remaining, capacity - writePosition);
        const auto done = numSamples - skipped - remaining;

        for (int channel = 0; channel < 2; ++channel)
            frames.copyFrom (channel, writePosition, sources[channel] + done, chunk);

        writePosition = (writePosition + chunk) % capacity;
        remaining -= chunk;
    }

    written += numSamples;
}

juce::int64 SampleHistory::getNumWritten() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return written;
}

bool SampleHistory::readLatest (juce::AudioBuffer<float>& destination, int numSamples) const
{
    const std::lock_guard<std::mutex> guard (lock);
    const auto capacity = frames.getNumSamples();

    if (numSamples > capacity || written < numSamples)
        return false;

    destination.setSize (2, numSamples, false, false, true);
    const auto start = (writePosition - numSamples + capacity) % capacity;
    const auto first = juce::jmin (numSamples, capacity - start);

    for (int channel = 0; channel < 2; ++channel)
    {
        destination.copyFrom (channel, 0, frames, channel, start, first);

        if (first < numSamples)
            destination.copyFrom (channel, first, frames, channel, 0, numSamples - first);
    }

    return true;
}

} // namespace wavecraft
