namespace wavecraft
{

/** The running build's measured response (ResponseMeasurer): magnitude
    above and phase below, from 20 Hz to 20 kHz, with the previous build's
    magnitude drawn behind in grey, and a line saying the build, its latency
    and its THD at 1 kHz, -6 dBFS.

    While it shows, the measurer measures every change of value and every
    build at once (continuous); a new measurement is drawn within a tenth of
    a second.

    To use one: create it on a HostSession's getResponseMeasurer(), which
    must outlive it (null: it says the app runs no plugin workers).
*/
class ResponseView : public juce::Component,
                     private juce::Timer
{
public:
    /** [message thread] */
    explicit ResponseView (ResponseMeasurer* measurer);
    ~ResponseView() override;

    /** Reads the newest measurement now, as the timer does. [message thread] */
    void refresh();

    /** The measurement drawn, or null. [message thread] */
    const std::shared_ptr<const FrequencyResponse>& getShown() const noexcept { return shown; }

    /** The line above the plot, e.g. "build 2: latency 0 samples, THD 0.001% at 1 kHz, -6 dBFS". [message thread] */
    juce::String getSummary() const;

    static constexpr int refreshRateHz = 10, numPoints = 400;

    /** @internal */
    void paint (juce::Graphics&) override;

private:
    void timerCallback() override;
    void paintMagnitude (juce::Graphics& g, juce::Rectangle<float> area) const;
    void paintPhase (juce::Graphics& g, juce::Rectangle<float> area) const;

    ResponseMeasurer* measurer;
    std::shared_ptr<const FrequencyResponse> shown, previous;
    ResponseCurve curve, previousCurve;
    juce::String error;
    bool measuringContinuously = false;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ResponseView)
};

} // namespace wavecraft
