namespace wavecraft
{

/** A gain the audio thread applies to each block, ramped across the block
    from the gain it applied last to the newest target, so a change never
    clicks: e.g. the level matching of an A/B of builds.

    @see PluginAudioCallback, LevelMatcher
*/
class GainRamp
{
public:
    /** [any thread] */
    void setTarget (float gain) noexcept { target.store (gain, std::memory_order_relaxed); }

    /** [any thread] */
    float getTarget() const noexcept { return target.load (std::memory_order_relaxed); }

    /** Multiplies the block in place. [audio thread: no locks, no allocation] */
    void apply (float* const* channels, int numChannels, int numSamples) noexcept;

private:
    std::atomic<float> target { 1.0f };
    float applied = 1.0f; // [audio thread]
};

} // namespace wavecraft
