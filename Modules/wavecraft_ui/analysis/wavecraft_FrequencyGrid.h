namespace wavecraft
{

/** A plot's log frequency axis and dB axis, and its grid: what the
    response and the spectrum views share.
*/
struct FrequencyGrid
{
    juce::Rectangle<float> area;
    double lowHz = 20.0, highHz = 20000.0;
    double topDb = 0.0, bottomDb = -120.0;

    float xOf (double hz) const;
    float yOf (double db) const;

    /** Lines at 20, 50, 100, 200, 500 Hz, 1, 2, 5, 10, 20 kHz and every
        `dbStep` dB, labelled, in `colour`.
    */
    void draw (juce::Graphics& g, double dbStep, juce::Colour colour) const;

    /** A line through the points (frequency, dB) that are in range. */
    juce::Path makeTrace (const std::vector<double>& frequenciesHz, const std::vector<float>& levelsDb) const;
    juce::Path makeTrace (const std::vector<double>& frequenciesHz, const std::vector<double>& levelsDb) const;

    /** `points` frequencies spaced evenly on a log scale across the axis. */
    std::vector<double> makeFrequencies (int points) const;
};

} // namespace wavecraft
