namespace wavecraft
{

/** A plugin's measured response at one set of values: its transfer
    function on a fine linear grid, its impulse response, latency and THD
    (see ResponseMeasurement), and what a view or a page asks of it.

    [any thread: immutable once measured]
*/
struct FrequencyResponse
{
    double sampleRate = 0.0;

    /** The transfer function at bin k = k * sampleRate / (2 * (size - 1)) Hz,
        from DC to Nyquist, of the impulse response's window.
    */
    std::vector<std::complex<float>> bins;

    /** The linear impulse response (the left channel's), from impulseStart. */
    std::vector<float> impulseResponse;

    /** The sample impulseResponse starts at: a few before the latency. */
    int impulseStart = 0;

    /** The first sample of the impulse response within 100 dB of its peak
        (and standing out of a nonlinear plugin's harmonics): a pure delay's
        exact length, 0 for a filter with no delay of its own.
    */
    int latencySamples = 0;

    /** Total harmonic distortion of a 1 kHz sine at -6 dBFS, in percent of
        the fundamental; nullopt where the plugin passes no 1 kHz.
    */
    std::optional<double> thdPercent;

    int build = 0;                /**< the build measured (the session's count of loads) */
    juce::uint64 valuesStamp = 0; /**< which change of values it was measured after (see ResponseMeasurer) */

    /** The magnitude in dB at `hz`, interpolated between bins. */
    double getMagnitudeDb (double hz) const;

    /** The phase in degrees at `hz`, latency taken out. */
    double getPhaseDeg (double hz) const;

    /** `points` frequencies spaced evenly on a log scale from `lowHz` to
        `highHz` (capped below Nyquist), the response at each, and the
        rest of the measurement.
    */
    ResponseCurve sample (int points, double lowHz = 20.0, double highHz = 20000.0) const;

    /** Lowest and highest magnitude, in dB, reported for a silent output. */
    static constexpr double floorDb = -200.0;

private:
    std::complex<double> interpolate (double hz) const;
    std::vector<float> trimmedImpulseResponse() const;
};

} // namespace wavecraft
