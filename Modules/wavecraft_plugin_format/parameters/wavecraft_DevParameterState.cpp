namespace wavecraft
{

namespace
{
    constexpr const char* stateTag = "WAVECRAFT_DEV_STATE";
    constexpr const char* valueTag = "VALUE";
} // namespace

void DevParameterState::write (const Values& values, juce::MemoryBlock& destination)
{
    juce::XmlElement state (stateTag);

    for (const auto& [id, value] : values)
    {
        auto* element = state.createNewChildElement (valueTag);
        element->setAttribute ("id", id);
        element->setAttribute ("value", (double) value);
    }

    juce::AudioProcessor::copyXmlToBinary (state, destination);
}

std::optional<DevParameterState::Values> DevParameterState::read (const void* data, int sizeInBytes)
{
    const auto state = juce::AudioProcessor::getXmlFromBinary (data, sizeInBytes);

    if (state == nullptr || ! state->hasTagName (stateTag))
        return std::nullopt;

    Values values;

    for (const auto* element : state->getChildWithTagNameIterator (valueTag))
        values[element->getStringAttribute ("id")] = (float) element->getDoubleAttribute ("value");

    return values;
}

} // namespace wavecraft
