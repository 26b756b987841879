namespace wavecraft
{

ParameterStore::ParameterStore (std::vector<ParameterSpec> specsToUse)
    : specs (std::move (specsToUse)),
      values (new std::atomic<float>[specs.size()])
{
    resetToDefaults();
}

int ParameterStore::indexOf (const juce::String& id) const noexcept
{
    for (size_t i = 0; i < specs.size(); ++i)
        if (specs[i].id == id)
            return (int) i;

    return -1;
}

float ParameterStore::getValue (int index) const noexcept
{
    jassert (juce::isPositiveAndBelow (index, size()));
    return values[(size_t) index].load (std::memory_order_relaxed);
}

void ParameterStore::setValue (int index, float value) noexcept
{
    jassert (juce::isPositiveAndBelow (index, size()));
    const auto& spec = specs[(size_t) index];
    values[(size_t) index].store (juce::jlimit (spec.minValue, spec.maxValue, value), std::memory_order_relaxed);
}

void ParameterStore::resetToDefaults() noexcept
{
    for (size_t i = 0; i < specs.size(); ++i)
        values[i].store (specs[i].defaultValue, std::memory_order_relaxed);
}

} // namespace wavecraft
