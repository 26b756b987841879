namespace wavecraft
{

/** Upstream Wavecraft's sidecar cache of a build's parameters and
    processors, `wavecraft-params.json` and `wavecraft-processors.json` in
    the build's debug folder, written and judged as upstream's `wavecraft
    start` does, so the two tools can share a project:

    - written pretty (two-space indent), keys in upstream's order, numbers
      as 32-bit floats at their shortest, no newline at the end;
    - fresh while each file is at least as new as the library, as every
      file under engine/src, and as the running host's executable; then
      a start need not build the engine first.
*/
struct ParameterCache
{
    /** `wavecraft-params.json`'s text for these parameters. [any thread] */
    static std::string makeParametersJson (const std::vector<ParameterSpec>& parameters);

    /** `wavecraft-processors.json`'s text. [any thread] */
    static std::string makeProcessorsJson (const juce::StringArray& processorIds);

    /** Writes both into `debugFolder`; what went wrong, or an empty string. [any thread] */
    static juce::String write (const juce::File& debugFolder, const std::vector<ParameterSpec>& parameters, const juce::StringArray& processorIds);

    /** Why the cache in `debugFolder` can't stand for `library` built from
        `sourceFolder` (e.g. "engine source newer", "no cache yet"), or an
        empty string when both files are fresh. [any thread]
    */
    static juce::String whyStale (const juce::File& debugFolder, const juce::File& library, const juce::File& sourceFolder);

    /** A 32-bit float as serde_json writes one: the shortest text that reads back as the same float, with ".0" on whole numbers. [any thread] */
    static std::string formatFloat (float value);

    static constexpr const char* parametersFileName = "wavecraft-params.json";
    static constexpr const char* processorsFileName = "wavecraft-processors.json";
};

} // namespace wavecraft
