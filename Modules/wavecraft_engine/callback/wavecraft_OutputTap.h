namespace wavecraft
{

/** Where the played output leaves the audio thread, for every reader: one
    MeterFrame per block into a lock-free queue, and the samples into an
    AudioFifo (the scope, the recorder).

    publish() passes over the block once, measuring it while it copies it
    into the FIFO; a block that holds a NaN or an infinity reaches neither
    the FIFO nor the meters (silence and a silent frame go instead), and
    publish() says on which channels, so the player can silence what goes to
    the device too.

    Both queues have one reader, where a second would silently take frames
    from the first, so only one claim exists at a time: an OutputAnalyser
    holds it, and its MeterTap has room for any number of readers.

    @see OutputAnalyser, PluginAudioCallback, PluginPlayer
*/
class OutputTap
{
public:
    OutputTap() = default;

    /** Sends a block of two channels off the audio thread. Returns 0, or the
        channels (bit 0 left, bit 1 right) that held a NaN or an infinity;
        then silence was sent in the block's place.
        [audio thread: no locks, no allocation]
    */
    int publish (const float* const* channels, int numSamples, juce::int64 timestampNanos) noexcept;

    /** The output's sample rate, for a recording: set where the stream is
        prepared. [any thread]
    */
    void setSampleRate (double newSampleRate) noexcept { sampleRate.store (newSampleRate); }

    /** [any thread] */
    double getSampleRate() const noexcept { return sampleRate.load(); }

    /** The one reader's hold on the queues. */
    class Claim
    {
    public:
        /** Gives the queues back. [the reader's thread] */
        ~Claim();

        /** [the reader's thread] */
        LockFreeQueue<MeterFrame>& getMeterQueue() noexcept { return owner.meterQueue; }

        /** [the reader's thread] */
        AudioFifo& getOutputFifo() noexcept { return owner.outputFifo; }

    private:
        friend class OutputTap;
        explicit Claim (OutputTap& tap)
            : owner (tap)
        {}

        OutputTap& owner;

        JUCE_DECLARE_NON_COPYABLE (Claim)
    };

    /** Claims the queues for one reader; null (and an assertion) while
        another claim is held. The claim must not outlive the tap.
        [any thread but the audio thread]
    */
    std::unique_ptr<Claim> claim();

    /** [any thread] */
    juce::uint64 getNumDroppedMeterFrames() const noexcept { return meterQueue.getNumDropped(); }

    /** [any thread] */
    juce::uint64 getNumDroppedSamples() const noexcept { return outputFifo.getNumDropped(); }

    static constexpr int meterQueueCapacity = 4096;
    static constexpr int outputFifoCapacity = 1 << 17; // ~2.7 s at 48 kHz

private:
    LockFreeQueue<MeterFrame> meterQueue { meterQueueCapacity };
    AudioFifo outputFifo { outputFifoCapacity };
    std::atomic<double> sampleRate { 0.0 };
    std::atomic<bool> claimed { false };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (OutputTap)
};

} // namespace wavecraft
