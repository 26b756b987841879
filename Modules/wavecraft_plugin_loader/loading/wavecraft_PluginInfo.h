namespace wavecraft
{

/** What a host knows of a loaded plugin without calling into it: where it
    came from, its table's version, its parameters and processors, and
    whether its code runs in this process.
*/
struct PluginInfo
{
    juce::File file;                       /**< the file it was loaded from (not the private copy) */
    uint32_t abiVersion = 0;               /**< the processor table's version, 1 or 2 */
    std::vector<ParameterSpec> parameters; /**< in the order of the params JSON */
    juce::StringArray processorIds;        /**< from wavecraft_get_processors_json (empty when not exported) */
    bool isolated = false;                 /**< true: its code runs in a child process the host supervises */

    /** "ABI v2" for a dev library; "VST3" or "LV2" for a bundle presented
        as one (see PluginLibrary::setBundleLoader). [any thread]
    */
    juce::String describeKind() const
    {
        if (! isBundle())
            return "ABI v" + juce::String (abiVersion);

        return file.hasFileExtension (".vst3") ? "VST3" : "LV2";
    }

    /** True for a VST3 or LV2 bundle (a folder), false for a dev library. [any thread] */
    bool isBundle() const { return file.isDirectory(); }

    /** e.g. "libmine.so (ABI v2, 3 parameters)". [any thread] */
    juce::String describe() const
    {
        return file.getFileName() + " (" + describeKind() + ", " + countOf ((juce::int64) parameters.size(), "parameter", "parameters")
            + (isolated ? ", in its own process)" : ")");
    }
};

} // namespace wavecraft
