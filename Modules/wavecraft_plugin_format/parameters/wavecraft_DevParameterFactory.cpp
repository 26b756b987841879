namespace wavecraft
{

std::unique_ptr<juce::RangedAudioParameter> DevParameterFactory::create (const ParameterSpec& spec)
{
    const juce::ParameterID id { spec.id, 1 };

    switch (spec.type)
    {
        case ParameterType::boolType:
            return std::make_unique<juce::AudioParameterBool> (id, spec.name, spec.defaultValue >= 0.5f);

        case ParameterType::enumType:
        {
            juce::StringArray choices;

            for (auto value = (int) spec.minValue; value <= (int) spec.maxValue; ++value)
                choices.add (spec.getVariantName (value).isNotEmpty() ? spec.getVariantName (value) : juce::String (value));

            return std::make_unique<juce::AudioParameterChoice> (id, spec.name, choices, (int) spec.defaultValue - (int) spec.minValue);
        }

        case ParameterType::floatType:
            break;
    }

    return std::make_unique<juce::AudioParameterFloat> (id, spec.name, juce::NormalisableRange<float> (spec.minValue, spec.maxValue),
                                                        spec.defaultValue, juce::AudioParameterFloatAttributes().withLabel (spec.unit));
}

juce::AudioProcessorParameterGroup DevParameterFactory::createGroups (const std::vector<ParameterSpec>& specs)
{
    juce::AudioProcessorParameterGroup root;
    std::map<juce::String, juce::AudioProcessorParameterGroup*> groups;

    for (const auto& spec : specs)
    {
        if (spec.group.isEmpty())
        {
            root.addChild (create (spec));
            continue;
        }

        auto& group = groups[spec.group];

        if (group == nullptr)
        {
            auto made = std::make_unique<juce::AudioProcessorParameterGroup> (spec.group, spec.group, " | ");
            group = made.get();
            root.addChild (std::move (made));
        }

        group->addChild (create (spec));
    }

    return root;
}

namespace
{
    int trailingZeroBits (float value) noexcept
    {
        uint32_t bits;
        std::memcpy (&bits, &value, sizeof (bits));
        const auto mantissa = bits & 0x7fffffu;
        return mantissa == 0 ? 23 : __builtin_ctz (mantissa);
    }

} // namespace

float DevParameterFactory::roundTripValue (const juce::NormalisableRange<float>& range, float plain) noexcept
{
    const auto normalised = range.convertTo0to1 (plain);
    auto best = plain;

    for (const auto direction : { -1.0f, 1.0f })
    {
        auto candidate = plain;

        for (int step = 0; step < 8; ++step)
        {
            candidate = std::nextafter (candidate, direction * std::numeric_limits<float>::max());

            if (range.convertTo0to1 (candidate) == normalised && trailingZeroBits (candidate) > trailingZeroBits (best))
                best = candidate;
        }
    }

    return best;
}

float DevParameterFactory::plainValueOf (const juce::AudioProcessorParameter& parameter) noexcept
{
    if (auto* floatParameter = dynamic_cast<const juce::AudioParameterFloat*> (&parameter))
        return roundTripValue (floatParameter->range, floatParameter->get());

    if (auto* ranged = dynamic_cast<const juce::RangedAudioParameter*> (&parameter))
        return ranged->convertFrom0to1 (parameter.getValue());

    return parameter.getValue();
}

float DevParameterFactory::getPlainValue (const juce::RangedAudioParameter& parameter, const ParameterSpec& spec) noexcept
{
    const auto plain = plainValueOf (parameter);

    // A choice's plain value is its index; the spec counts from its min.
    return spec.type == ParameterType::enumType ? spec.minValue + std::round (plain) : plain;
}

float DevParameterFactory::toNormalised (const ParameterSpec& spec, float plainValue) noexcept
{
    const auto value = juce::jlimit (spec.minValue, spec.maxValue, plainValue);
    return spec.maxValue > spec.minValue ? (value - spec.minValue) / (spec.maxValue - spec.minValue) : 0.0f;
}

float DevParameterFactory::fromNormalised (const ParameterSpec& spec, float normalised) noexcept
{
    const auto plain = spec.minValue + juce::jlimit (0.0f, 1.0f, normalised) * (spec.maxValue - spec.minValue);
    return spec.type == ParameterType::floatType ? plain : std::round (plain);
}

} // namespace wavecraft
