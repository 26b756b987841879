namespace wavecraft
{

/** Total harmonic distortion of a steady sine: each harmonic's amplitude
    by correlation over a whole number of the fundamental's cycles, so no
    window and no leakage between them.

    [any thread]
*/
struct HarmonicDistortion
{
    /** A length of at least `minSamples` that holds a whole number of
        cycles of `hz` at `sampleRate` (exactly where both are whole numbers
        of Hz).
    */
    static int wholeCyclesLength (double sampleRate, double hz, int minSamples);

    /** The harmonics' RMS sum over the fundamental's amplitude, in percent,
        from the 2nd to the 10th harmonic or Nyquist; nullopt when the
        fundamental is below -120 dBFS.
    */
    static std::optional<double> measurePercent (const float* samples, int numSamples, double sampleRate, double hz);

    /** The amplitude of the sine at `hz` in `samples` (peak, not RMS). */
    static double amplitudeAt (const float* samples, int numSamples, double sampleRate, double hz);

    static constexpr int highestHarmonic = 10;
};

} // namespace wavecraft
