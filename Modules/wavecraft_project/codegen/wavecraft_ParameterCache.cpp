namespace wavecraft
{

namespace
{
    std::string jsonString (const juce::String& value)
    {
        return nlohmann::json (value.toStdString()).dump();
    }

    const char* typeName (ParameterType type)
    {
        switch (type)
        {
            case ParameterType::boolType: return "bool";
            case ParameterType::enumType: return "enum";
            case ParameterType::floatType: break;
        }

        return "float";
    }

    juce::int64 newestFileUnder (const juce::File& folder)
    {
        juce::int64 newest = 0;

        for (const auto& entry : juce::RangedDirectoryIterator (folder, true, "*", juce::File::findFiles))
            newest = juce::jmax (newest, FileStamp::of (entry.getFile()).modifiedNanos);

        return newest;
    }

    juce::int64 modifiedNanos (const juce::File& file)
    {
        return FileStamp::of (file).modifiedNanos;
    }
} // namespace

std::string ParameterCache::formatFloat (float value)
{
    if (! std::isfinite (value))
        return "null";

    // The fewest digits that read back as this float (ryu's shortest, as serde_json writes an f32).
    char digits[32] = {};

    for (int precision = 1; precision <= 9; ++precision)
    {
        std::snprintf (digits, sizeof (digits), "%.*e", precision - 1, (double) value);

        if (std::strtof (digits, nullptr) == value)
            break;
    }

    // digits: "d.ddde[+-]XX": mantissa digits and a decimal exponent.
    std::string text (digits);
    const auto e = text.find ('e');
    auto mantissa = text.substr (0, e);
    const auto exponent = std::stoi (text.substr (e + 1));
    const auto negative = mantissa[0] == '-';

    if (negative)
        mantissa.erase (0, 1);

    mantissa.erase (std::remove (mantissa.begin(), mantissa.end(), '.'), mantissa.end());

    while (mantissa.size() > 1 && mantissa.back() == '0')
        mantissa.pop_back();

    std::string formatted;
    const auto numDigits = (int) mantissa.size();

    // ryu's rule for a 32-bit float (format32): plain from 1e-6 to below 1e13.
    if (exponent >= -6 && exponent < 13)
    {
        if (exponent < 0)
            formatted = "0." + std::string ((size_t) (-exponent - 1), '0') + mantissa;
        else if (exponent + 1 >= numDigits)
            formatted = mantissa + std::string ((size_t) (exponent + 1 - numDigits), '0') + ".0";
        else
            formatted = mantissa.substr (0, (size_t) exponent + 1) + "." + mantissa.substr ((size_t) exponent + 1);
    }
    else
    {
        formatted = mantissa.substr (0, 1) + (numDigits > 1 ? "." + mantissa.substr (1) : std::string()) + "e" + std::to_string (exponent);
    }

    return (negative ? "-" : "") + formatted;
}

std::string ParameterCache::makeParametersJson (const std::vector<ParameterSpec>& parameters)
{
    if (parameters.empty())
        return "[]";

    std::string text = "[";

    for (size_t i = 0; i < parameters.size(); ++i)
    {
        const auto& p = parameters[i];
        text += (i == 0 ? "\n" : ",\n");
        text += "  {\n";
        text += "    \"id\": " + jsonString (p.id) + ",\n";
        text += "    \"name\": " + jsonString (p.name) + ",\n";
        text += std::string ("    \"type\": \"") + typeName (p.type) + "\",\n";
        text += "    \"value\": " + formatFloat (p.defaultValue) + ",\n";
        text += "    \"default\": " + formatFloat (p.defaultValue) + ",\n";
        text += "    \"min\": " + formatFloat (p.minValue) + ",\n";
        text += "    \"max\": " + formatFloat (p.maxValue);

        if (p.unit.isNotEmpty())
            text += ",\n    \"unit\": " + jsonString (p.unit);

        if (p.group.isNotEmpty())
            text += ",\n    \"group\": " + jsonString (p.group);

        if (! p.variants.isEmpty())
        {
            text += ",\n    \"variants\": [";

            for (int v = 0; v < p.variants.size(); ++v)
                text += (v == 0 ? "\n      " : ",\n      ") + jsonString (p.variants[v]);

            text += "\n    ]";
        }

        text += "\n  }";
    }

    return text + "\n]";
}

std::string ParameterCache::makeProcessorsJson (const juce::StringArray& processorIds)
{
    if (processorIds.isEmpty())
        return "[]";

    std::string text = "[";

    for (int i = 0; i < processorIds.size(); ++i)
        text += (i == 0 ? "\n" : ",\n") + std::string ("  {\n    \"id\": ") + jsonString (processorIds[i]) + "\n  }";

    return text + "\n]";
}

juce::String ParameterCache::write (const juce::File& debugFolder, const std::vector<ParameterSpec>& parameters, const juce::StringArray& processorIds)
{
    const auto parametersText = makeParametersJson (parameters);
    const auto processorsText = makeProcessorsJson (processorIds);

    for (const auto& [name, text] : { std::pair<const char*, const std::string*> { parametersFileName, &parametersText },
                                      std::pair<const char*, const std::string*> { processorsFileName, &processorsText } })
        if (! debugFolder.getChildFile (name).replaceWithData (text->data(), text->size()))
            return "cannot write " + debugFolder.getChildFile (name).getFullPathName();

    return {};
}

juce::String ParameterCache::whyStale (const juce::File& debugFolder, const juce::File& library, const juce::File& sourceFolder)
{
    const auto newestSource = newestFileUnder (sourceFolder);
    const auto executable = modifiedNanos (juce::File::getSpecialLocation (juce::File::currentExecutableFile));

    for (const auto* name : { parametersFileName, processorsFileName })
    {
        const auto cache = debugFolder.getChildFile (name);

        if (! cache.existsAsFile())
            return "no cache yet";

        const auto cached = modifiedNanos (cache);

        if (! library.existsAsFile())
            return "no library yet";

        if (modifiedNanos (library) > cached)
            return "dylib newer";

        if (newestSource > cached)
            return "engine source newer";

        if (executable > cached)
            return "CLI binary newer";
    }

    return {};
}

} // namespace wavecraft
