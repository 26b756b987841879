// Arbitrary text as a plugin's params JSON. Beyond "no crash": whatever the
// parser accepts keeps the rules it promises (ranges, defaults, enums, ids).
#include "FuzzSupport.h"

#include <set>

extern "C" int LLVMFuzzerTestOneInput (const uint8_t* data, size_t size)
{
    const auto result = wavecraft::ParameterSpecParser::parseParameters (std::string (reinterpret_cast<const char*> (data), size));

    if (result.failed() != result.parameters.empty() && result.failed())
        __builtin_trap(); // an error with specs left in

    std::set<juce::String> ids;

    for (const auto& spec : result.parameters)
    {
        if (! (spec.minValue < spec.maxValue) || spec.checkValue (spec.defaultValue).failed() || ! ids.insert (spec.id).second)
            __builtin_trap();

        if (spec.type == wavecraft::ParameterType::enumType && ! spec.variants.isEmpty()
            && spec.variants.size() != spec.getNumSteps())
            __builtin_trap();
    }

    return 0;
}
