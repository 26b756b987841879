namespace wavecraft
{

/** Loads a VST3 or LV2 plugin (a PluginLocation that isn't a dev library)
    through JUCE's own VST3PluginFormat and LV2PluginFormat, in this
    process, stereo in and out where the plugin takes that.

    An LV2 URI is looked up as LV2 hosts do: on LV2_PATH, and in the
    standard folders (~/.lv2, /usr/lib/lv2, /usr/local/lib/lv2). An LV2
    bundle is loaded from a private copy, so the one plugin it holds is the
    one loaded, even when another copy of it is installed.

    Needs JUCE_PLUGINHOST_VST3 and JUCE_PLUGINHOST_LV2 in the JUCE build;
    without them load() says which is missing.
*/
class FormatPluginLoader
{
public:
    struct Loaded
    {
        std::unique_ptr<juce::AudioPluginInstance> instance;
        juce::String error;  /**< why not, when instance is null: what, where, what to do */
        juce::String layout; /**< e.g. "stereo in, stereo out", or what the plugin took instead */
    };

    /** [message thread: JUCE's formats create and prepare instances there] */
    static Loaded load (const PluginLocation& location, double sampleRate, int blockSize);

    /** The URIs of the LV2 plugins a bundle folder declares. [any thread] */
    static juce::StringArray findLv2PluginsIn (const juce::File& bundle);

private:
    static Loaded loadLv2 (const PluginLocation& location, double sampleRate, int blockSize);
    static Loaded loadVst3 (const PluginLocation& location, double sampleRate, int blockSize);
    static Loaded create (juce::AudioPluginFormat& format, const juce::PluginDescription& description, double sampleRate, int blockSize);
    static juce::String useStereo (juce::AudioPluginInstance& instance);
};

} // namespace wavecraft
