namespace wavecraft
{

/** Hands the output's meter frames to any number of readers, each at its
    own pace, as tracktion's LevelMeasurer does with its clients.

    The output tap has one reader: the OutputAnalyser's thread, which meters
    each block it reads and publishes the frame here. The tap keeps the latest `capacity` frames,
    numbered; each Reader remembers the number it reads next. A reader that
    falls more than `capacity` frames behind loses its oldest unread frames
    (and counts them), never another reader's; the publisher waits at most as
    long as a reader's callback runs.

    To read: create a MeterTap::Reader on the tap (it starts after the newest
    frame) and call readNew() from your own thread, e.g. a juce::Timer.

    @see OutputAnalyser::getMeterTap, MeterFrame
*/
class MeterTap
{
public:
    /** About 10 s of 512-frame blocks at 48 kHz. */
    static constexpr int capacity = 1024;

    /** Adds a frame. [the publishing thread; never the audio thread] */
    void publish (const MeterFrame& frame);

    /** Frames published so far. [any thread but the audio thread] */
    juce::uint64 getNumPublished() const;

    //==============================================================================
    /** One reader's position in the tap. [one thread at a time] */
    class Reader
    {
    public:
        /** Starts after the newest frame published so far. [any thread but the audio thread] */
        explicit Reader (const MeterTap& tap);

        /** Calls `onFrame (const MeterFrame&)` for every frame this reader has
            not seen, oldest first, and returns how many there were. The
            callback runs under the tap's lock: keep it short.
            [any thread but the audio thread; one thread per Reader]
        */
        template <typename OnFrame>
        int readNew (OnFrame&& onFrame)
        {
            const std::lock_guard<std::mutex> lock (tap.mutex);
            const auto oldest = tap.published > (juce::uint64) capacity ? tap.published - (juce::uint64) capacity : 0;

            if (next < oldest)
            {
                lost += oldest - next;
                next = oldest;
            }

            const auto count = (int) (tap.published - next);

            for (; next < tap.published; ++next)
                onFrame (tap.ring[(size_t) (next % (juce::uint64) capacity)]);

            return count;
        }

        /** Frames this reader lost by falling behind. [the reader's thread] */
        juce::uint64 getNumLost() const noexcept { return lost; }

    private:
        const MeterTap& tap;
        juce::uint64 next = 0, lost = 0;
    };

private:
    mutable std::mutex mutex; // the publisher and the readers; never the audio thread
    std::array<MeterFrame, capacity> ring {};
    juce::uint64 published = 0;
};

} // namespace wavecraft
