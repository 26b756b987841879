namespace wavecraft
{

/** The spectrum of the newest 8192 frames of a SampleHistory: a Hann
    window and juce::dsp::FFT, both channels' power averaged, in dBFS (a
    full-scale sine centred on a bin reads 0 dBFS; between bins the Hann
    window's scalloping takes up to 1.4 dB off).

    [one thread at a time, never the audio thread]
    @see SpectrumView
*/
class SpectrumAnalyser
{
public:
    static constexpr int order = 13, size = 1 << order;

    SpectrumAnalyser();

    /** Analyses the newest frames of `history`; false while it holds fewer than size. */
    bool analyse (const SampleHistory& history);

    /** The level in dBFS at `frequenciesHz` (ascending): the loudest bin
        between each frequency and the next (so a tone is seen at its level
        whatever the points' spacing), or with `sixthOctave` the mean power
        over a sixth of an octave around each. Never below floorDb.
    */
    void getLevels (const std::vector<double>& frequenciesHz, bool sixthOctave, std::vector<float>& levelsDb) const;

    /** The rate of the frames analysed last. */
    double getSampleRate() const noexcept { return sampleRate; }

    static constexpr float floorDb = -140.0f;

private:
    float toDb (double power) const;
    int binOf (double hz) const;

    juce::dsp::FFT fft { order };
    juce::dsp::WindowingFunction<float> window { (size_t) size, juce::dsp::WindowingFunction<float>::hann, false };
    juce::AudioBuffer<float> frames { 2, size };
    std::vector<float> scratch = std::vector<float> ((size_t) size * 2);
    std::vector<double> powers = std::vector<double> ((size_t) size / 2 + 1);
    double sampleRate = 0.0;
};

} // namespace wavecraft
