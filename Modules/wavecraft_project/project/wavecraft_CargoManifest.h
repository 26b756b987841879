namespace wavecraft
{

/** What the project needs of a Cargo.toml: the package's and the library's
    names, the features it declares, and whether it is a workspace. Read
    line by line (tables and plain `key = "value"` pairs), which is all a
    crate's manifest needs for these.
*/
struct CargoManifest
{
    juce::String packageName, libraryName;
    juce::StringArray features;
    bool isWorkspace = false;

    /** The manifest at `file`; an empty one when it can't be read. [any thread] */
    static CargoManifest read (const juce::File& file);

    /** The name of the library cargo builds: `lib<name>.so` on Linux, with `-` as `_`. [any thread] */
    juce::String getLibraryStem() const;
};

} // namespace wavecraft
