namespace wavecraft
{

AudioFifo::AudioFifo (int capacityInSamples)
    : fifo (capacityInSamples + 1),
      buffer (numChannels, capacityInSamples + 1),
      ring (buffer.getArrayOfWritePointers())
{
    buffer.clear();
}

int AudioFifo::write (const float* const* channels, int numSamples) noexcept
{
    return writeWith (numSamples, [channels] (int from, float* left, float* right, int count)
                      {
        std::memcpy (left, channels[0] + from, sizeof (float) * (size_t) count);
        std::memcpy (right, channels[1] + from, sizeof (float) * (size_t) count); });
}

int AudioFifo::read (float* const* channels, int maxSamples) noexcept
{
    int start1, size1, start2, size2;
    fifo.prepareToRead (maxSamples, start1, size1, start2, size2);

    for (int channel = 0; channel < numChannels; ++channel)
    {
        if (size1 > 0)
            juce::FloatVectorOperations::copy (channels[channel], buffer.getReadPointer (channel, start1), size1);

        if (size2 > 0)
            juce::FloatVectorOperations::copy (channels[channel] + size1, buffer.getReadPointer (channel, start2), size2);
    }

    fifo.finishedRead (size1 + size2);
    return size1 + size2;
}

void AudioFifo::clear() noexcept
{
    fifo.finishedRead (fifo.getNumReady());
}

} // namespace wavecraft
