namespace wavecraft
{

/** A single-producer, single-consumer ring of stereo float samples on a
    juce::AbstractFifo, for audio that leaves the audio thread (the scope, the
    recorder) or reaches it (a file streamed from disk).

    A write that does not fit is cut short and the missing samples are counted:
    the producer never waits for the consumer.
*/
class AudioFifo
{
public:
    static constexpr int numChannels = 2;

    /** Allocates room for `capacityInSamples` frames. [any thread, before use] */
    explicit AudioFifo (int capacityInSamples);

    /** Writes what fits of two channels; returns the frames written. [producer, lock-free] */
    int write (const float* const* channels, int numSamples) noexcept;

    /** Writes what fits of `numSamples` frames, letting
        `copy (sourceOffset, destinationLeft, destinationRight, count)` fill each
        contiguous stretch of the ring (two when it wraps), so a caller that
        passes over the samples anyway (the output's NaN check) does it while
        copying.
        Returns the frames written. [producer, lock-free]
    */
    template <typename CopyFunction>
    int writeWith (int numSamples, CopyFunction&& copy) noexcept
    {
        return writeWith (numSamples, copy, [] (int)
                          { return true; });
    }

    /** As above, then asks `keep (framesWritten)` before the consumer can see
        them: false writes silence in their place (e.g. samples that turned
        out not to be finite). [producer, lock-free]
    */
    template <typename CopyFunction, typename KeepFunction>
    int writeWith (int numSamples, CopyFunction&& copy, KeepFunction&& keep) noexcept
    {
        const auto written = writePosition.getRoomFor (numSamples);
        const auto start = writePosition.getIndex();
        const auto beforeWrap = juce::jmin (written, writePosition.getRoomBeforeWrap());

        if (beforeWrap > 0)
            copy (0, ring[0] + start, ring[1] + start, beforeWrap);

        if (written > beforeWrap)
            copy (beforeWrap, ring[0], ring[1], written - beforeWrap);

        if (! keep (written))
        {
            for (int channel = 0; channel < numChannels; ++channel)
            {
                juce::FloatVectorOperations::clear (ring[channel] + start, beforeWrap);
                juce::FloatVectorOperations::clear (ring[channel], written - beforeWrap);
            }
        }

        writePosition.finishedWrite (written);

        if (written < numSamples)
            dropped.fetch_add ((juce::uint64) (numSamples - written), std::memory_order_relaxed);

        return written;
    }

    /** Reads up to `maxSamples` frames into two channels; returns the frames read. [consumer, lock-free] */
    int read (float* const* channels, int maxSamples) noexcept;

    int getNumReady() const noexcept { return fifo.getNumReady(); }
    int getFreeSpace() const noexcept { return fifo.getFreeSpace(); }

    /** Frames that did not fit, since construction. [any thread] */
    juce::uint64 getNumDropped() const noexcept { return dropped.load (std::memory_order_relaxed); }

    /** Discards what is waiting. [consumer thread] */
    void clear() noexcept;

private:
    juce::AbstractFifo fifo;
    detail::FifoWritePosition writePosition { fifo };
    juce::AudioBuffer<float> buffer;
    float* const* ring; // the buffer's channels, fetched once
    std::atomic<juce::uint64> dropped { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AudioFifo)
};

} // namespace wavecraft
