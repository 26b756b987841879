namespace wavecraft
{

/** The level matching of an A/B of builds (off by default): each build's
    RMS over the last second it was heard (the 100 ms after a switch or a
    rebuild left out), read from the output's meter frames, and a gain on the previous build that brings it to the newest
    build's RMS, ramped in on the audio thread (GainRamp). The newest build
    is never changed: it is the reference.

    The newest build's level becomes the previous build's when a rebuild
    replaces it, so after a rebuild the match is known as soon as the new
    build has played a second.

    [message thread]
    @see HostSession, GainRamp
*/
class LevelMatcher : private juce::Timer
{
public:
    /** Reads `tap`'s frames and sets `gain`; both must outlive it. */
    LevelMatcher (const MeterTap& tap, GainRamp& gain);
    ~LevelMatcher() override;

    void setEnabled (bool shouldMatch);
    bool isEnabled() const noexcept { return enabled; }

    /** Which build is heard from now on. */
    void setPreviousHeard (bool isPreviousHeard);

    /** A rebuild replaced the newest build: its level is the previous one's now. */
    void buildReplaced();

    /** The gain that matches the previous build to the newest, in dB, once
        both played a second (with matching on or off); nullopt before, or
        when either is silent.
    */
    std::optional<float> getMatchDb() const;

    /** Reads the frames now, as its timer does 20 times a second. */
    void update();

    static constexpr double windowSeconds = 1.0, transitionSeconds = 0.1;

private:
    /** A build's mean square over its last second heard. */
    struct Level
    {
        std::deque<std::pair<juce::int64, double>> frames; // (monotonic ns, mean square before the gain)

        void add (juce::int64 nanos, double meanSquare);
        std::optional<double> meanSquare() const;
    };

    void timerCallback() override { update(); }
    void applyGain();
    void skipTransition();

    MeterTap::Reader reader;
    GainRamp& gain;
    Level newest, previous;
    bool enabled = false, previousHeard = false;
    juce::int64 transitionEndNanos = 0; // frames before are skipped

    JUCE_DECLARE_NON_COPYABLE (LevelMatcher)
};

} // namespace wavecraft
