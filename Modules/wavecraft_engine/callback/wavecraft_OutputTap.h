namespace wavecraft
{

/** One block as it left the audio thread. */
struct PublishedBlock
{
    juce::int64 timestampNanos = 0; /**< getMonotonicNanos() when the block was processed */
    int numSamples = 0;             /**< its frames in the FIFO, in order after the previous block's */
};

/** Where the played output leaves the audio thread, for one reader: the
    samples into an AudioFifo, and for each block a PublishedBlock (when it
    played, how many of its frames the FIFO took) into a LockFreeQueue.

    The audio thread only copies the block out and, in the same pass, sums
    its squares: a NaN or an infinity (their squares don't sum to a finite
    number) never reaches the reader (silence goes in its place), and
    publish() says on which channels, so the player can silence what goes to
    the device too. Everything else (the meters, the scope, a recording) is
    worked out by the reader, off the audio thread, block by block.

    Both queues have one reader, where a second would silently take blocks
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

        /** Takes the oldest block waiting: its record, and its samples read
            into `destination`, which grows to fit. False when none is waiting.
            [the reader's thread]
        */
        bool readBlock (PublishedBlock& block, juce::AudioBuffer<float>& destination);

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

    /** Blocks the reader never gets (it fell behind). [any thread] */
    juce::uint64 getNumDroppedBlocks() const noexcept { return droppedBlocks.load (std::memory_order_relaxed); }

    /** Samples the reader never gets. [any thread] */
    juce::uint64 getNumDroppedSamples() const noexcept
    {
        return outputFifo.getNumDropped() + samplesOfQueuelessBlocks.load (std::memory_order_relaxed);
    }

    static constexpr int outputFifoCapacity = 1 << 17;                 // ~2.7 s at 48 kHz
    static constexpr int blockQueueCapacity = outputFifoCapacity / 16; // so the FIFO fills first, down to 16-frame blocks

private:
    int dropBlock (const float* const* channels, int numSamples) noexcept;

    LockFreeQueue<PublishedBlock> blockQueue { blockQueueCapacity };
    AudioFifo outputFifo { outputFifoCapacity };
    std::atomic<juce::uint64> droppedBlocks { 0 }, samplesOfQueuelessBlocks { 0 };
    std::atomic<double> sampleRate { 0.0 };
    std::atomic<bool> claimed { false };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (OutputTap)
};

} // namespace wavecraft
