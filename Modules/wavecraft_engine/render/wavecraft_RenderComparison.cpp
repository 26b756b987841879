namespace wavecraft
{

namespace
{
    juce::String whyNotComparable (const juce::AudioFormatReader* a, const juce::AudioFormatReader* b, const juce::File& first, const juce::File& second)
    {
        if (a == nullptr || b == nullptr)
            return "cannot read " + (a == nullptr ? first : second).getFullPathName() + " as audio";

        if (a->lengthInSamples != b->lengthInSamples || a->numChannels != b->numChannels || a->sampleRate != b->sampleRate)
            return first.getFileName() + " and " + second.getFileName() + " differ in length, channels or rate (" + juce::String (a->lengthInSamples)
                + " and " + juce::String (b->lengthInSamples) + " frames)";

        return {};
    }
} // namespace

juce::String RenderComparison::Result::describe() const
{
    if (identical)
        return "residue: none, identical";

    return "residue: peak " + juce::String (peakDb, 1) + " dBFS, rms " + juce::String (rmsDb, 1) + " dBFS, first difference at frame "
        + juce::String (firstDifferentFrame);
}

RenderComparison::Result RenderComparison::compare (const juce::File& first, const juce::File& second)
{
    Result result;
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> a (formats.createReaderFor (first)), b (formats.createReaderFor (second));

    if (result.error = whyNotComparable (a.get(), b.get(), first, second); result.failed())
        return result;

    constexpr int chunk = 65536;
    const auto numChannels = (int) a->numChannels;
    juce::AudioBuffer<float> left (numChannels, chunk), right (numChannels, chunk);
    double peak = 0.0, sumOfSquares = 0.0;

    for (juce::int64 start = 0; start < a->lengthInSamples; start += chunk)
    {
        const auto count = (int) juce::jmin ((juce::int64) chunk, a->lengthInSamples - start);
        a->read (&left, 0, count, start, true, true);
        b->read (&right, 0, count, start, true, true);

        for (int channel = 0; channel < numChannels; ++channel)
        {
            const auto* x = left.getReadPointer (channel);
            const auto* y = right.getReadPointer (channel);

            for (int i = 0; i < count; ++i)
            {
                const auto residue = (double) x[i] - (double) y[i];

                if (residue == 0.0)
                    continue;

                if (result.firstDifferentFrame < 0 || start + i < result.firstDifferentFrame)
                    result.firstDifferentFrame = start + i;

                peak = juce::jmax (peak, std::abs (residue));
                sumOfSquares += residue * residue;
            }
        }
    }

    result.identical = result.firstDifferentFrame < 0;

    if (! result.identical)
    {
        const auto numSamples = (double) juce::jmax ((juce::int64) 1, a->lengthInSamples * numChannels);
        result.peakDb = 20.0 * std::log10 (peak);
        result.rmsDb = 20.0 * std::log10 (std::sqrt (sumOfSquares / numSamples));
    }

    return result;
}

} // namespace wavecraft
