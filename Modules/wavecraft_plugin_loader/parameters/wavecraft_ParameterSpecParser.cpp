namespace wavecraft
{

namespace
{
    using Json = nlohmann::json;

    /** Thrown only inside this file, to unwind out of one element's checks. */
    struct SpecError
    {
        juce::String message;
    };

    /** "an object", "a number", "null". */
    juce::String describeJsonType (const Json& value)
    {
        const juce::String name (value.type_name());
        return value.is_null() ? name : (name.startsWithChar ('a') || name.startsWithChar ('o') ? "an " : "a ") + name;
    }

    juce::String readString (const Json& object, const char* key, bool required)
    {
        const auto found = object.find (key);

        if (found == object.end() || found->is_null())
        {
            if (required)
                throw SpecError { "is missing the required field '" + juce::String (key) + "'" };

            return {};
        }

        if (! found->is_string())
            throw SpecError { "field '" + juce::String (key) + "' must be a string, not "
                              + describeJsonType (*found) };

        return juce::String::fromUTF8 (found->get_ref<const std::string&>().c_str());
    }

    double readNumber (const Json& object, const char* key)
    {
        const auto found = object.find (key);

        if (found == object.end() || found->is_null())
            throw SpecError { "is missing the required field '" + juce::String (key) + "'" };

        // serde and friends write bools as true/false; treat them as 1/0.
        if (found->is_boolean())
            return found->get<bool>() ? 1.0 : 0.0;

        if (! found->is_number())
            throw SpecError { "field '" + juce::String (key) + "' must be a number, not "
                              + describeJsonType (*found) };

        const auto value = found->get<double>();

        if (! std::isfinite (value))
            throw SpecError { "field '" + juce::String (key) + "' must be finite" };

        return value;
    }

    ParameterType readType (const Json& object)
    {
        const auto type = readString (object, "type", true);

        if (type == "float")
            return ParameterType::floatType;
        if (type == "bool")
            return ParameterType::boolType;
        if (type == "enum")
            return ParameterType::enumType;

        throw SpecError { "has type '" + type + "'; the types are \"float\", \"bool\" and \"enum\"" };
    }

    bool isInteger (double value)
    {
        return value == std::floor (value);
    }

    /** Reads min, max and default, and checks they make a range. */
    void readRange (const Json& element, ParameterSpec& spec)
    {
        // "value" is required by the contract, so it is checked; every
        // parameter starts at its default all the same.
        readNumber (element, "value");
        const auto defaultValue = readNumber (element, "default");
        const auto minValue = readNumber (element, "min");
        const auto maxValue = readNumber (element, "max");

        if (! (minValue < maxValue))
            throw SpecError { "has min (" + juce::String (minValue) + ") not less than max ("
                              + juce::String (maxValue) + ")" };

        if (defaultValue < minValue || defaultValue > maxValue)
            throw SpecError { "has default " + juce::String (defaultValue) + " outside its range ["
                              + juce::String (minValue) + ", " + juce::String (maxValue) + "]" };

        if (spec.type == ParameterType::boolType && (minValue != 0.0 || maxValue != 1.0 || ! (defaultValue == 0.0 || defaultValue == 1.0)))
            throw SpecError { "is a bool, so min must be 0, max 1 and default 0 or 1" };

        if (spec.type == ParameterType::enumType && (! isInteger (minValue) || ! isInteger (maxValue) || ! isInteger (defaultValue)))
            throw SpecError { "is an enum, so min, max and default must be integers" };

        spec.defaultValue = (float) defaultValue;
        spec.minValue = (float) minValue;
        spec.maxValue = (float) maxValue;
    }

    /** An enum's variants, when it names them: one per integer of its range. */
    void readVariants (const Json& element, ParameterSpec& spec)
    {
        const auto minValue = (double) spec.minValue, maxValue = (double) spec.maxValue;

        if (maxValue - minValue >= WAVECRAFT_MAX_PARAMETERS * 16)
            throw SpecError { "is an enum with too many values (" + juce::String (maxValue - minValue + 1) + ")" };

        const auto variants = element.find ("variants");

        if (variants == element.end() || variants->is_null())
            return;

        if (! variants->is_array())
            throw SpecError { "field 'variants' must be an array of strings, not " + describeJsonType (*variants) };

        for (const auto& variant : *variants)
        {
            if (! variant.is_string())
                throw SpecError { "field 'variants' must hold only strings" };

            spec.variants.add (juce::String::fromUTF8 (variant.get_ref<const std::string&>().c_str()));
        }

        const auto expected = (int) (maxValue - minValue) + 1;

        if (spec.variants.size() != expected)
            throw SpecError { "has " + juce::String (spec.variants.size()) + " variants but its range "
                              + juce::String ((int) minValue) + ".." + juce::String ((int) maxValue)
                              + " has " + juce::String (expected) + " values" };
    }

    ParameterSpec readSpec (const Json& element)
    {
        if (! element.is_object())
            throw SpecError { "must be an object, not " + describeJsonType (element) };

        ParameterSpec spec;
        spec.id = readString (element, "id", true);

        if (spec.id.isEmpty())
            throw SpecError { "has an empty 'id'" };

        spec.name = readString (element, "name", true);
        spec.type = readType (element);
        spec.unit = readString (element, "unit", false);
        spec.group = readString (element, "group", false);
        readRange (element, spec);

        if (spec.type == ParameterType::enumType)
            readVariants (element, spec);

        return spec;
    }

    /** Parses text as JSON, or says where it stops being JSON. */
    Json parseJson (const std::string& text, juce::String& error)
    {
        try
        {
            return Json::parse (text);
        }
        catch (const Json::parse_error& e)
        {
            // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 17: syntax error ..."
            const juce::String what (e.what());
            const auto where = what.fromFirstOccurrenceOf ("parse error ", false, false).upToFirstOccurrenceOf (": ", false, false);
            const auto why = what.fromFirstOccurrenceOf (": ", false, false);
            error = "its JSON is not valid at byte " + juce::String ((juce::int64) e.byte)
                + (where.startsWith ("at line") ? " (" + where.substring (3) + ")" : juce::String())
                + ": " + why;
        }
        catch (const Json::exception& e) // out_of_range, for numbers like 1e999
        {
            error = "its JSON is not usable: " + juce::String (e.what()).fromFirstOccurrenceOf ("] ", false, false);
        }

        return {};
    }
} // namespace

ParameterSpecParser::ParametersResult ParameterSpecParser::parseParameters (const std::string& text)
{
    ParametersResult result;
    const auto json = parseJson (text, result.error);

    if (result.failed())
        return result;

    if (! json.is_array())
    {
        result.error = "its JSON must be an array of parameter specs, not " + describeJsonType (json);
        return result;
    }

    if (json.size() > WAVECRAFT_MAX_PARAMETERS)
    {
        result.error = "its JSON declares " + juce::String ((juce::int64) json.size()) + " parameters; at most "
            + juce::String (WAVECRAFT_MAX_PARAMETERS) + " are supported";
        return result;
    }

    result.parameters.reserve (json.size());
    std::set<juce::String> ids;

    for (size_t index = 0; index < json.size(); ++index)
    {
        const auto& element = json[index];

        try
        {
            auto spec = readSpec (element);

            if (! ids.insert (spec.id).second)
                throw SpecError { "repeats the id of an earlier parameter; ids must be unique" };

            result.parameters.push_back (std::move (spec));
        }
        catch (const SpecError& e)
        {
            juce::String where = "parameter " + juce::String ((int) index);

            if (element.is_object() && element.contains ("id") && element["id"].is_string())
                where << " (\"" << juce::String::fromUTF8 (element["id"].get_ref<const std::string&>().c_str()) << "\")";

            result.parameters.clear();
            result.error = where + " " + e.message;
            return result;
        }
    }

    return result;
}

ParameterSpecParser::ProcessorsResult ParameterSpecParser::parseProcessors (const std::string& text)
{
    ProcessorsResult result;
    const auto json = parseJson (text, result.error);

    if (result.failed())
        return result;

    if (! json.is_array())
    {
        result.error = "its JSON must be an array of {\"id\": string}, not " + describeJsonType (json);
        return result;
    }

    for (size_t index = 0; index < json.size(); ++index)
    {
        const auto& element = json[index];

        if (! element.is_object() || ! element.contains ("id") || ! element["id"].is_string())
        {
            result.processorIds.clear();
            result.error = "processor " + juce::String ((int) index) + " must be an object with a string 'id'";
            return result;
        }

        result.processorIds.add (juce::String::fromUTF8 (element["id"].get_ref<const std::string&>().c_str()));
    }

    return result;
}

std::string ParameterSpecParser::writeParameters (const std::vector<ParameterSpec>& specs)
{
    auto array = Json::array();

    for (const auto& spec : specs)
    {
        Json element { { "id", spec.id.toStdString() },
                       { "name", spec.name.toStdString() },
                       { "type", toString (spec.type).toStdString() },
                       { "value", spec.defaultValue },
                       { "default", spec.defaultValue },
                       { "min", spec.minValue },
                       { "max", spec.maxValue } };

        if (spec.unit.isNotEmpty())
            element["unit"] = spec.unit.toStdString();

        if (spec.group.isNotEmpty())
            element["group"] = spec.group.toStdString();

        if (! spec.variants.isEmpty())
        {
            auto& variants = element["variants"] = Json::array();

            for (const auto& variant : spec.variants)
                variants.push_back (variant.toStdString());
        }

        array.push_back (std::move (element));
    }

    return array.dump();
}

} // namespace wavecraft
