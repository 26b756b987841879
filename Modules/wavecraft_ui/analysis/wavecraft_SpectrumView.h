namespace wavecraft
{

/** The live spectrum of the output: SpectrumAnalyser's 8192-point FFT of
    the newest frames, from 20 Hz to Nyquist on a log scale, in dBFS, with a
    peak hold that falls 12 dB a second, and optional 1/6-octave smoothing
    (the button in its corner), and the input's spectrum beside it when its
    Input button is on. Analysed on the message thread, 30 times a second,
    from the frames the output's reader keeps (SampleHistory): never the
    audio thread.

    To use one: create it on a HostSession's getAnalyser().getOutputHistory()
    (which must outlive it), and for the input on getInputHistory(), with
    onInputShown turning the input's tap on and off
    (PluginAudioCallback::setInputTapped).
*/
class SpectrumView : public juce::Component,
                     private juce::Timer
{
public:
    /** [message thread] */
    explicit SpectrumView (const SampleHistory& output, const SampleHistory* input = nullptr);

    /** Told when the input's spectrum is shown or hidden. [message thread] */
    std::function<void (bool)> onInputShown;

    /** Shows the input's spectrum beside the output's, or hides it. [message thread] */
    void setInputShown (bool shouldShow);
    bool isInputShown() const noexcept { return inputButton.getToggleState(); }

    /** The input's levels at getFrequencies(), while shown and fed. [message thread] */
    const std::vector<float>& getInputLevels() const noexcept { return inputLevels; }
    ~SpectrumView() override;

    /** Analyses the newest frames now, as the timer does; false while too few came. [message thread] */
    bool refresh();

    /** [message thread] */
    void setSmoothing (bool sixthOctave);
    bool isSmoothing() const noexcept { return smoothingButton.getToggleState(); }

    /** What is drawn: the frequencies, their levels now and their held peaks. [message thread] */
    const std::vector<double>& getFrequencies() const noexcept { return frequencies; }
    const std::vector<float>& getLevels() const noexcept { return levels; }
    const std::vector<float>& getPeaks() const noexcept { return peaks; }

    /** False once no new frame has come for MeterPanel::silenceAfterSeconds. [message thread] */
    bool isReceivingAudio() const noexcept { return receiving; }

    static constexpr int refreshRateHz = 30, numPoints = 480;
    static constexpr float peakFallDbPerSecond = 12.0f;

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void resized() override;

private:
    void timerCallback() override;
    FrequencyGrid makeGrid() const;

    const SampleHistory& history;
    const SampleHistory* inputHistory;
    SpectrumAnalyser analyser, inputAnalyser;
    std::vector<float> inputLevels;
    juce::ToggleButton inputButton { "Input" };
    std::vector<double> frequencies;
    std::vector<float> levels, peaks;
    double lastRefreshSeconds = 0.0, analysedRate = 0.0, lastNewFramesSeconds = 0.0;
    juce::int64 framesSeen = 0;
    bool receiving = false;
    juce::ToggleButton smoothingButton { "1/6 octave" };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SpectrumView)
};

} // namespace wavecraft
