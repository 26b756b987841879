namespace wavecraft
{

/** One channel's meter: RMS as a solid bar, peak as a lighter bar that falls
    back at 24 dB/s, the highest peak of the last 1.5 s as a line, and a clip
    light that stays lit from a peak at or over 0 dBFS until clicked.

    Fed by MeterPanel, one update per repaint; it reads no queue itself.
*/
class LevelMeter : public juce::Component,
                   public juce::SettableTooltipClient
{
public:
    /** The scale, in dBFS. */
    static constexpr float minDecibels = -60.0f, maxDecibels = 6.0f;
    static constexpr float peakFallDecibelsPerSecond = 24.0f;
    static constexpr double peakHoldSeconds = 1.5;

    /** [message thread] */
    LevelMeter();

    /** The largest peak and RMS (linear gain) since the last update, and the
        time now in seconds. Returns true when the meter looks different.
        [message thread]
    */
    bool update (float peak, float rms, double nowSeconds);

    /** Shows the meter greyed out (no audio runs), or live. [message thread] */
    void setActive (bool isActive);

    /** In dBFS, as drawn. [message thread] */
    float getDisplayedPeakDecibels() const noexcept { return displayedPeak; }
    float getDisplayedRmsDecibels() const noexcept { return displayedRms; }
    float getHeldPeakDecibels() const noexcept { return heldPeak; }
    bool isClipping() const noexcept { return clipped; }

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void mouseDown (const juce::MouseEvent&) override;

    /** The y of a level on a meter of `height` pixels, 0 at the top. */
    static float levelToY (float decibels, float height) noexcept;

private:
    static float toDecibels (float gain) noexcept;

    float displayedPeak = minDecibels, displayedRms = minDecibels, heldPeak = minDecibels;
    double lastUpdateSeconds = 0.0, heldSinceSeconds = 0.0;
    bool clipped = false, active = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (LevelMeter)
};

} // namespace wavecraft
