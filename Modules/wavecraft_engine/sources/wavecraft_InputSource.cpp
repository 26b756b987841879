namespace wavecraft
{

void SilenceSource::fill (float* left, float* right, int numSamples) noexcept
{
    juce::FloatVectorOperations::clear (left, numSamples);
    juce::FloatVectorOperations::clear (right, numSamples);
}

void SineSource::prepare (double sampleRate, int)
{
    increment = juce::MathConstants<double>::twoPi * frequency / sampleRate;
}

void SineSource::fill (float* left, float* right, int numSamples) noexcept
{
    for (int i = 0; i < numSamples; ++i)
    {
        left[i] = right[i] = amplitude * (float) std::sin (phase);
        phase += increment;

        if (phase >= juce::MathConstants<double>::twoPi)
            phase -= juce::MathConstants<double>::twoPi;
    }
}

void NoiseSource::fill (float* left, float* right, int numSamples) noexcept
{
    for (int i = 0; i < numSamples; ++i)
    {
        left[i] = random.nextFloat() - 0.5f;
        right[i] = random.nextFloat() - 0.5f;
    }
}

std::unique_ptr<InputSource> InputSource::fromSpec (const juce::String& spec, juce::String& error)
{
    error = {};
    const auto kind = spec.upToFirstOccurrenceOf (":", false, false).trim().toLowerCase();
    const auto argument = spec.fromFirstOccurrenceOf (":", false, false).trim();

    if (kind.isEmpty() || kind == "device")
        return nullptr;

    if (kind == "silence")
        return std::make_unique<SilenceSource>();

    if (kind == "noise")
        return std::make_unique<NoiseSource>();

    if (kind == "sine")
    {
        if (argument.isEmpty())
            return std::make_unique<SineSource> (440.0);

        const auto frequency = argument.getDoubleValue();

        if (argument.containsOnly ("0123456789.") && frequency > 0.0 && frequency < 100000.0)
            return std::make_unique<SineSource> (frequency);

        error = "the input source sine:HZ takes a frequency in Hz above 0, e.g. sine:440, not '" + argument + "'";
        return nullptr;
    }

    if (kind == "file")
    {
        if (argument.trim().isEmpty())
        {
            error = "the input source file:PATH needs the path of a sound file, e.g. file:loop.wav";
            return nullptr;
        }

        auto source = std::make_unique<FileInputSource> (juce::File::getCurrentWorkingDirectory().getChildFile (argument));
        error = source->getOpenError();
        return error.isEmpty() ? std::move (source) : nullptr;
    }

    error = "an input source is device, silence, sine[:HZ], noise or file:PATH, not '" + spec + "'";
    return nullptr;
}

} // namespace wavecraft
