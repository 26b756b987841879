namespace wavecraft
{

/** Measures a processor's response offline: its magnitude and phase, its
    impulse response, latency and THD (a FrequencyResponse).

    One run plays, on both channels: two periods of a LogSweep (the first
    settles the processor, the second is measured), then a 1 kHz sine at
    -6 dBFS, 100 ms to settle and 100 ms or more analysed for its harmonics.
    The second period's output divided by the sweep, bin by bin, is the
    transfer function; back in time it is the impulse response, of which
    period / 16 samples are kept, from just before where it starts (the
    latency, up to half a period): away from the harmonics of a nonlinear
    processor, which land before time zero.

    Exact for a linear processor whose impulse response dies out within
    that window (85 ms at 48 kHz): to float precision, not band-limited.

    @see LogSweep, FrequencyResponse, ResponseMeasurer
*/
class ResponseMeasurement
{
public:
    /** Prepares the sweep for `sampleRate` (a few ms). [any thread] */
    explicit ResponseMeasurement (double sampleRate);

    /** Processes the stereo buffer it is given in place, e.g. block by
        block through a plugin; fails naming what went wrong.
    */
    using Process = std::function<juce::Result (juce::AudioBuffer<float>& audio)>;

    /** Plays the run through `process` and analyses the left channel's output.
        [one thread at a time]
    */
    [[nodiscard]] juce::Result measure (const Process& process, FrequencyResponse& response) const;

    /** The samples one run plays. */
    int getLength() const noexcept { return 2 * sweep.getPeriod() + toneSettle + toneAnalysed; }

    double getSampleRate() const noexcept { return sweep.getSampleRate(); }

    static constexpr double thdHz = 1000.0;
    static constexpr float thdLevel = 0.5f; // -6 dBFS

private:
    void fillRun (juce::AudioBuffer<float>& audio) const;
    void analyseSweep (const float* secondPeriod, FrequencyResponse& response) const;
    int findLatency (const float* impulse, int period, double distortion) const;
    bool isHarmonicOfLater (const float* impulse, int period, int start, double distortion) const;

    static constexpr int preRingSamples = 16;
    static constexpr int riseSamples = 256;   // what a start must stand out of
    static constexpr int harmonicSpread = 64; // how far a harmonic's response may lie from where the sweep puts it

    LogSweep sweep;
    int toneSettle = 0, toneAnalysed = 0;
};

} // namespace wavecraft
