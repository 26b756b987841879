namespace wavecraft
{

juce::AudioBuffer<float> TestSignal::make (Kind kind, double sampleRate, int numFrames, int seed)
{
    juce::AudioBuffer<float> audio (2, numFrames);
    audio.clear();
    juce::Random random (seed);

    for (int frame = 0; frame < numFrames; ++frame)
    {
        for (int channel = 0; channel < 2; ++channel)
        {
            auto value = 0.0f;

            if (kind == Kind::impulse)
                value = frame == 0 ? 1.0f : 0.0f;
            else if (kind == Kind::sine)
                value = 0.5f * (float) std::sin (juce::MathConstants<double>::twoPi * 1000.0 * frame / sampleRate);
            else if (kind == Kind::noise)
                value = 0.5f * (2.0f * random.nextFloat() - 1.0f);

            audio.setSample (channel, frame, value);
        }
    }

    return audio;
}

const char* TestSignal::describe (Kind kind) noexcept
{
    switch (kind)
    {
        case Kind::silence: return "silence";
        case Kind::impulse: return "an impulse";
        case Kind::sine: return "a 1 kHz sine";
        case Kind::noise: return "noise";
    }

    return "";
}

std::optional<TestSignal::Sample> TestSignal::findNonFinite (const juce::AudioBuffer<float>& audio)
{
    for (int frame = 0; frame < audio.getNumSamples(); ++frame)
        for (int channel = 0; channel < audio.getNumChannels(); ++channel)
            if (const auto value = audio.getSample (channel, frame); ! std::isfinite (value))
                return Sample { channel, frame, value };

    return std::nullopt;
}

std::optional<TestSignal::Sample> TestSignal::findDenormal (const juce::AudioBuffer<float>& audio, int& count)
{
    std::optional<Sample> first;
    count = 0;

    for (int frame = 0; frame < audio.getNumSamples(); ++frame)
    {
        for (int channel = 0; channel < audio.getNumChannels(); ++channel)
        {
            if (const auto value = audio.getSample (channel, frame); std::fpclassify (value) == FP_SUBNORMAL)
            {
                if (count++ == 0)
                    first = Sample { channel, frame, value };
            }
        }
    }

    return first;
}

juce::String TestSignal::describeNonFinite (const Sample& sample)
{
    const auto what = std::isnan (sample.value) ? "NaN" : (sample.value > 0 ? "+Inf" : "-Inf");
    return juce::String (what) + " in the " + (sample.channel == 0 ? "left" : "right") + " channel at frame " + juce::String (sample.frame);
}

TestSignal::Residue TestSignal::compare (const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b)
{
    jassert (a.getNumChannels() == b.getNumChannels() && a.getNumSamples() == b.getNumSamples());
    Residue residue;

    for (int frame = 0; frame < juce::jmin (a.getNumSamples(), b.getNumSamples()); ++frame)
    {
        for (int channel = 0; channel < juce::jmin (a.getNumChannels(), b.getNumChannels()); ++channel)
        {
            const auto difference = std::abs (a.getSample (channel, frame) - b.getSample (channel, frame));

            // A NaN on one side only is as different as it gets.
            if (difference > 0.0f || std::isnan (difference))
            {
                residue.peak = std::isnan (difference) ? std::numeric_limits<float>::infinity() : juce::jmax (residue.peak, difference);

                if (residue.firstFrame < 0)
                    residue.firstFrame = frame;
            }
        }
    }

    return residue;
}

juce::String TestSignal::toDecibels (float gain)
{
    return gain > 0.0f ? juce::String (juce::Decibels::gainToDecibels (gain, -400.0f), 1) + " dBFS" : juce::String ("-inf dBFS");
}

} // namespace wavecraft
