namespace wavecraft
{

std::complex<double> FrequencyResponse::interpolate (double hz) const
{
    if (bins.size() < 2 || sampleRate <= 0.0)
        return {};

    const auto lastBin = (int) bins.size() - 1;
    const auto position = juce::jlimit (0.0, (double) lastBin, hz * 2.0 * lastBin / sampleRate);
    const auto below = juce::jmin ((int) position, lastBin - 1);
    const auto fraction = position - below;

    // Between bins the latency's linear phase is taken out first: it turns
    // fast enough across a bin to shorten a straight line between them.
    const auto turnPerBin = juce::MathConstants<double>::pi * latencySamples / lastBin;
    const auto at = [&] (int k)
    { return std::complex<double> (bins[(size_t) k]) * std::polar (1.0, turnPerBin * k); };

    return at (below) * (1.0 - fraction) + at (below + 1) * fraction;
}

double FrequencyResponse::getMagnitudeDb (double hz) const
{
    const auto magnitude = std::abs (interpolate (hz));
    return magnitude > 0.0 ? juce::jmax (floorDb, 20.0 * std::log10 (magnitude)) : floorDb;
}

double FrequencyResponse::getPhaseDeg (double hz) const
{
    const auto value = interpolate (hz);
    const auto degrees = juce::radiansToDegrees (std::arg (value));
    return degrees <= -180.0 ? degrees + 360.0 : degrees;
}

std::vector<float> FrequencyResponse::trimmedImpulseResponse() const
{
    auto peak = 0.0f;

    for (auto sample : impulseResponse)
        peak = juce::jmax (peak, std::abs (sample));

    auto end = impulseResponse.size();

    while (end > 1 && std::abs (impulseResponse[end - 1]) < peak * 1.0e-6f)
        --end;

    return { impulseResponse.begin(), impulseResponse.begin() + (std::ptrdiff_t) end };
}

ResponseCurve FrequencyResponse::sample (int points, double lowHz, double highHz) const
{
    ResponseCurve curve;
    curve.latencySamples = latencySamples;
    curve.thdPercent = thdPercent;
    curve.build = build;
    curve.sampleRate = sampleRate;
    curve.impulseResponse = trimmedImpulseResponse();
    curve.impulseStart = impulseStart;
    points = juce::jmax (2, points);
    highHz = juce::jmin (highHz, 0.499 * sampleRate);
    lowHz = juce::jlimit (1.0, highHz, lowHz);

    for (int i = 0; i < points; ++i)
    {
        const auto hz = lowHz * std::pow (highHz / lowHz, (double) i / (points - 1));
        curve.frequenciesHz.push_back (hz);
        curve.magnitudeDb.push_back (getMagnitudeDb (hz));
        curve.phaseDeg.push_back (getPhaseDeg (hz));
    }

    return curve;
}

} // namespace wavecraft
