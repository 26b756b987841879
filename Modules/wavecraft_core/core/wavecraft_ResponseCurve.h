namespace wavecraft
{

/** A plugin's measured response at its values then, at chosen frequencies:
    what measureResponse serves and a window draws. (FrequencyResponse, in
    the engine, is the measurement it is sampled from.)
*/
struct ResponseCurve
{
    std::vector<double> frequenciesHz; /**< spaced evenly on a log scale */
    std::vector<double> magnitudeDb;
    std::vector<double> phaseDeg; /**< with the latency taken out, in (-180, 180] */
    int latencySamples = 0;       /**< where the impulse response starts */
    std::optional<double> thdPercent;
    std::vector<float> impulseResponse; /**< from impulseStart until it is 120 dB below its peak for good */
    int impulseStart = 0;               /**< the sample impulseResponse starts at: a few before the latency */
    int build = 0;                      /**< the build measured: the session's count of loads */
    double sampleRate = 0.0;
};

} // namespace wavecraft
