namespace wavecraft
{

juce::String toString (ParameterType type)
{
    switch (type)
    {
        case ParameterType::floatType: return "float";
        case ParameterType::boolType: return "bool";
        case ParameterType::enumType: return "enum";
    }

    return "float";
}

namespace
{
    /** "Clean, Soft or Hard". */
    juce::String joinAsChoices (juce::StringArray names)
    {
        const auto last = names[names.size() - 1];
        names.remove (names.size() - 1);
        return names.isEmpty() ? last : names.joinIntoString (", ") + " or " + last;
    }
} // namespace

juce::String ParameterSpec::describeAcceptedValues() const
{
    switch (type)
    {
        case ParameterType::boolType:
            return "0 (off) or 1 (on)";

        case ParameterType::enumType:
        {
            juce::String text = "an integer from " + juce::String ((int) minValue) + " to " + juce::String ((int) maxValue);

            if (! variants.isEmpty())
                text << " (" << joinAsChoices (variants) << ")";

            return text;
        }

        case ParameterType::floatType:
            break;
    }

    return "a number from " + juce::String (minValue) + " to " + juce::String (maxValue);
}

juce::String ParameterSpec::describeAcceptedText() const
{
    if (type == ParameterType::boolType)
        return "true, on or 1, or false, off or 0";

    if (type == ParameterType::enumType && ! variants.isEmpty())
        return joinAsChoices (variants) + " (or " + juce::String ((int) minValue) + " to " + juce::String ((int) maxValue) + ")";

    return describeAcceptedValues();
}

juce::Result ParameterSpec::checkValue (double value) const
{
    bool accepted = false;

    if (std::isfinite (value))
    {
        switch (type)
        {
            case ParameterType::boolType: accepted = (value == 0.0 || value == 1.0); break;
            case ParameterType::enumType: accepted = value == std::floor (value) && value >= minValue && value <= maxValue; break;
            case ParameterType::floatType: accepted = value >= minValue && value <= maxValue; break;
        }
    }

    if (accepted)
        return juce::Result::ok();

    return juce::Result::fail ("'" + id + "' takes " + describeAcceptedValues() + ", got " + juce::String (value));
}

juce::Result ParameterSpec::parseValue (const juce::String& text, float& value) const
{
    const auto trimmed = text.trim();

    if (type == ParameterType::boolType)
    {
        if (trimmed.equalsIgnoreCase ("true") || trimmed.equalsIgnoreCase ("on"))
        {
            value = 1.0f;
            return juce::Result::ok();
        }
        if (trimmed.equalsIgnoreCase ("false") || trimmed.equalsIgnoreCase ("off"))
        {
            value = 0.0f;
            return juce::Result::ok();
        }
    }

    if (type == ParameterType::enumType)
    {
        for (int i = 0; i < variants.size(); ++i)
        {
            if (variants[i].equalsIgnoreCase (trimmed))
            {
                value = minValue + (float) i;
                return juce::Result::ok();
            }
        }
    }

    const auto isNumber = trimmed.isNotEmpty()
        && trimmed.trimCharactersAtStart ("+-").containsOnly ("0123456789.eE")
        && trimmed.containsAnyOf ("0123456789");

    if (! isNumber)
        return juce::Result::fail ("'" + id + "' takes " + describeAcceptedText() + ", got '" + trimmed + "'");

    const auto number = trimmed.getDoubleValue();
    auto checked = checkValue (number);

    if (checked.wasOk())
        value = (float) number;

    return checked;
}

juce::String ParameterSpec::getVariantName (int value) const
{
    const auto position = value - (int) minValue;
    return juce::isPositiveAndBelow (position, variants.size()) ? variants[position] : juce::String();
}

int ParameterSpec::getNumSteps() const noexcept
{
    switch (type)
    {
        case ParameterType::boolType: return 2;
        case ParameterType::enumType: return (int) maxValue - (int) minValue + 1;
        case ParameterType::floatType: break;
    }

    return 0;
}

} // namespace wavecraft
