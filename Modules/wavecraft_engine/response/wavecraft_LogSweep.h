namespace wavecraft
{

/** The excitation a response is measured with: an exponential sine sweep
    (Farina's), made periodic so that it can be divided out exactly.

    It is synthesised in the frequency domain (as Aoshima's time-stretched
    pulse is, with an exponential sweep's pink spectrum and logarithmic
    group delay): every bin of one period has energy, from DC to Nyquist, so
    the response of a linear plugin is the output's spectrum over the
    sweep's, bin by bin, with nothing band-limited or regularised. Played
    twice, the second period's output is the circular convolution of one
    period with the plugin's impulse response (the first one settles the
    plugin), and as in Farina's method each harmonic a nonlinear plugin adds
    lands before time zero, apart from the linear response.

    The frequency rises linearly from DC to startHz, then exponentially to
    Nyquist by 90% of the period, at a constant level of peakLevel.

    @see ResponseMeasurement
*/
class LogSweep
{
public:
    /** One period at `sampleRate`: about a second and a quarter, a power of two. [any thread] */
    explicit LogSweep (double sampleRate);

    double getSampleRate() const noexcept { return sampleRate; }

    /** Samples in one period (a power of two). */
    int getPeriod() const noexcept { return (int) signal.size(); }

    /** One period, as played. */
    const std::vector<float>& getSignal() const noexcept { return signal; }

    /** The spectrum of the period as played (its float samples), bins 0 to
        getPeriod() / 2.
    */
    const std::vector<std::complex<float>>& getSpectrum() const noexcept { return spectrum; }

    /** log2 of getPeriod(). */
    int getOrder() const noexcept { return order; }

    /** How many samples before the linear response a nonlinear plugin's
        `harmonic`-th harmonic (2 or more) lands: the time the sweep takes
        to rise by that factor (about 4700 samples for the 2nd, at 48 kHz).
    */
    int getHarmonicLead (int harmonic) const noexcept;

    static constexpr double startHz = 10.0;
    static constexpr float peakLevel = 0.5f; // -6 dBFS
    static constexpr double sweepFraction = 0.9;

private:
    double sampleRate;
    int order;
    double samplesPerNeper = 0.0; // the exponential part's time to rise by a factor of e
    std::vector<float> signal;
    std::vector<std::complex<float>> spectrum;
};

} // namespace wavecraft
