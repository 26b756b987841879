namespace wavecraft
{

/** The oscilloscope: the newest 1024-point frame of the output (left and
    right, from a rising zero crossing when there is one), redrawn when a new
    frame arrives. Says "No signal" for a frame below -80 dBFS and "No audio"
    when no new frame has come for MeterPanel::silenceAfterSeconds.

    To use one: create it on a BrowserUiBackend (which must outlive it).
*/
class ScopeView : public juce::Component,
                  private juce::Timer
{
public:
    static constexpr int refreshRateHz = 30;

    /** [message thread] */
    explicit ScopeView (const BrowserUiBackend& backend);
    /** [message thread] */
    ~ScopeView() override;

    /** Reads the newest frame now, as the timer does. [message thread] */
    void refresh();

    /** [message thread] */
    bool isReceivingAudio() const noexcept { return receiving; }

    /** The frame drawn now. [message thread] */
    const ScopeFrame& getFrame() const noexcept { return frame; }

    /** @internal */
    void paint (juce::Graphics&) override;

private:
    void timerCallback() override;
    juce::Path makeTrace (const std::array<float, ScopeFrame::numPoints>& points, juce::Rectangle<float> area) const;

    const BrowserUiBackend& backend;
    ScopeFrame frame, incoming;
    double lastFrameSeconds = 0.0;
    bool receiving = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ScopeView)
};

} // namespace wavecraft
