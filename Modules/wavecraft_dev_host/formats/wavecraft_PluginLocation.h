namespace wavecraft
{

/** What a plugin argument names, told apart as an LV2 host and a VST3 host
    would: a Wavecraft dev library (a shared library file), a VST3 bundle
    (a `.vst3` folder), an LV2 bundle (a folder with a `manifest.ttl` that
    holds one plugin) or an LV2 plugin URI (e.g. "urn:..." or "http://...").
    [any thread]
*/
struct PluginLocation
{
    enum class Kind
    {
        devLibrary,
        vst3,
        lv2
    };

    Kind kind = Kind::devLibrary;
    juce::File file;     /**< the library or bundle; none for an LV2 URI */
    juce::String lv2Uri; /**< an LV2 plugin's URI, when the argument was one */

    /** Reads an argument: an absolute path or one relative to
        `workingDirectory`, or a URI.
    */
    static PluginLocation of (const juce::String& argument, const juce::File& workingDirectory);

    /** The dev library at `file`. */
    static PluginLocation devLibrary (const juce::File& file);

    /** True for "scheme:..." (not a path): what LV2 calls a plugin URI. */
    static bool looksLikeUri (const juce::String& argument);

    /** What a person calls it: the file's name, or the URI. */
    juce::String getName() const;

    bool isHostedByJuce() const noexcept { return kind != Kind::devLibrary; }
};

} // namespace wavecraft
