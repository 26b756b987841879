namespace wavecraft
{

/** Reads the JSON a plugin returns from wavecraft_get_params_json and
    wavecraft_get_processors_json into typed, validated lists.

    Nothing throws out of here: a failure comes back as a message that says
    where the text is wrong (byte offset, or element index and id) and how.
*/
class ParameterSpecParser
{
public:
    struct ParametersResult
    {
        std::vector<ParameterSpec> parameters;
        juce::String error; /**< empty on success */

        bool failed() const noexcept { return error.isNotEmpty(); }
    };

    struct ProcessorsResult
    {
        juce::StringArray processorIds;
        juce::String error; /**< empty on success */

        bool failed() const noexcept { return error.isNotEmpty(); }
    };

    /** Parses and validates a params array: required fields and their types,
        min < max, default in range, integer enum ranges whose variant count
        matches, unique ids. Unknown fields are ignored. [any thread]
    */
    static ParametersResult parseParameters (const std::string& json);

    /** Parses a processors array of {"id": string}. [any thread] */
    static ProcessorsResult parseProcessors (const std::string& json);

    /** The params JSON a plugin would return for `specs`, each at its
        default: what parseParameters() reads back as the same specs. For a
        plugin that declares its parameters some other way (a hosted VST3's
        or LV2's). [any thread]
    */
    static std::string writeParameters (const std::vector<ParameterSpec>& specs);
};

} // namespace wavecraft
