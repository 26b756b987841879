namespace wavecraft
{

/** Peak and RMS meters of the left and right output, read from a MeterTap
    (the same frames the server sends to the browser pages) at the display
    rate, with a dB scale and the numbers.

    When no frame has come for silenceAfterSeconds, the meters grey out and
    say "No audio", so a stopped device is never mistaken for silence.

    To use one: create it on the tap (which must outlive it), for example
    HostSession::getMeterTap() or BrowserUiBackend::getMeterTap().

    @see LevelMeter, MeterTap
*/
class MeterPanel : public juce::Component,
                   private juce::Timer
{
public:
    static constexpr int refreshRateHz = 60;
    static constexpr double silenceAfterSeconds = 0.3;

    /** [message thread] */
    explicit MeterPanel (const MeterTap& tap);
    /** [message thread] */
    ~MeterPanel() override;

    /** Reads the tap's new frames now, as the timer does. [message thread] */
    void refresh();

    /** False once no frame has come for silenceAfterSeconds. [message thread] */
    bool isReceivingAudio() const noexcept { return receiving; }

    /** 0 is left, 1 right. [message thread] */
    const LevelMeter& getMeter (int channel) const noexcept { return channel == 0 ? leftMeter : rightMeter; }

    /** The levels in dBFS, left then right, e.g. "Peak -6.0  -6.0\nRMS -9.0  -9.0", or "No audio". [message thread] */
    juce::String getReadout() const;

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void paintOverChildren (juce::Graphics&) override;
    /** @internal */
    void resized() override;

private:
    void timerCallback() override;
    void setReceiving (bool isReceiving);
    void paintScale (juce::Graphics&, juce::Rectangle<int> area) const;

    MeterTap::Reader reader;
    LevelMeter leftMeter, rightMeter;
    juce::Rectangle<int> scaleArea, readoutArea, metersArea;
    double lastFrameSeconds = 0.0, lastReadoutSeconds = 0.0;
    bool receiving = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (MeterPanel)
};

} // namespace wavecraft
