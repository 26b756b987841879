namespace wavecraft
{

/** Finds a VST3 or LV2 plugin (a PluginLocation that isn't a dev library)
    through JUCE's own VST3PluginFormat and LV2PluginFormat, and makes
    instances of it in this process, stereo in and out where the plugin
    takes that.

    An LV2 URI is looked up as LV2 hosts do: on LV2_PATH, and in the
    standard folders (~/.lv2, /usr/lib/lv2, /usr/local/lib/lv2). A bundle is
    used from a private copy, the loader's own, removed with it:
    - so the one plugin an LV2 bundle holds is the one loaded (where
      another copy of it is installed and JUCE's host would load that one,
      find() says so);
    - so a rebuild may replace the bundle meanwhile, and the next loader
      runs the new code: the system keeps a VST3's module open for good,
      under its path.

    Needs JUCE_PLUGINHOST_VST3 and JUCE_PLUGINHOST_LV2 in the JUCE build;
    without them find() says which is missing.

    @see FormatPluginLibrary
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

    /** Finds the plugin, or says why not (`error`). [message thread] */
    static std::shared_ptr<FormatPluginLoader> find (const PluginLocation& location, juce::String& error);

    /** Makes the format of `kind` ahead of a find(), which takes it: JUCE's
        LV2 format reads the data of every installed plugin when it is made
        (20-50 ms here), and a spare worker can do that while it waits.
        [message thread]
    */
    static void prepareFormat (PluginLocation::Kind kind);

    /** Reads what the VST3 `bundle` holds now, for a find() of its next
        build to take: that find() then makes its instance without scanning
        it first (JUCE's scan makes the plugin once more, 10-20 ms), unless
        the build changed the plugin's name or id. A spare worker does this
        while it waits. [message thread]
    */
    static void prescanVst3 (const juce::File& bundle);

    /** Opens, for good, the X11 libraries a JUCE-built plugin opens as it
        starts, window or not (JUCE's X11Symbols): its load then finds them
        open rather than map and relocate them, 3-4 ms of each load here.
        Those not installed are skipped. A spare worker does this while it
        waits. [any thread]
    */
    static void openX11Ahead();

    /** Removes the private copy. [message thread, once its instances are gone] */
    ~FormatPluginLoader();

    /** A new instance; keep the loader as long as it. [message thread: JUCE's formats create instances there] */
    Loaded createInstance (double sampleRate, int blockSize);

    /** [any thread] */
    const juce::PluginDescription& getDescription() const noexcept { return description; }

    /** The binary the instances' code runs from (in the private copy, for a bundle). [any thread] */
    const juce::File& getBinary() const noexcept { return binary; }

    /** The private copy of the bundle; none for an LV2 URI. [any thread] */
    const juce::File& getPrivateBundle() const noexcept { return privateBundle; }

    /** The file a build of `bundle` writes last, there yet or not: a
        VST3's binary (Contents/<arch>-linux/<name>.so where it has none
        yet), an LV2's lv2:binary, or its manifest.ttl while it has none.
        What a host watches for the next build. [any thread]
    */
    static juce::File findBuildTarget (const juce::File& bundle);

    /** True for a path named as a VST3 or LV2 bundle is (.vst3, .lv2),
        whether it is there or not. [any thread]
    */
    static bool isBundleName (const juce::File& path);

    /** The bundle folder of the LV2 plugin `uri`, looked up as find() does
        (LV2_PATH, then the standard folders); none when it isn't there.
        [any thread]
    */
    static juce::File findLv2Bundle (const juce::String& uri);

    /** The URIs of the LV2 plugins a bundle folder declares. [any thread] */
    static juce::StringArray findLv2PluginsIn (const juce::File& bundle);

private:
    FormatPluginLoader() = default;

    juce::String findVst3 (const PluginLocation& location);
    juce::String findLv2 (const PluginLocation& location);
    bool copyToPrivateFolder (const juce::File& bundle);
    static juce::String useStereo (juce::AudioPluginInstance& instance);
    static std::unique_ptr<juce::AudioPluginFormat> makeFormat (PluginLocation::Kind kind);
    static std::unique_ptr<juce::AudioPluginFormat>& getPreparedFormat (PluginLocation::Kind kind);
    static std::optional<std::pair<juce::File, juce::PluginDescription>>& getPrescanned();
    bool scanVst3();

    std::unique_ptr<juce::AudioPluginFormat> format;
    juce::PluginDescription description;
    juce::File privateFolder, privateBundle, binary;
    bool describedByPrescan = false; // the description is the last build's: a failed create scans this one

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (FormatPluginLoader)
};

} // namespace wavecraft
