namespace wavecraft
{

/** A Wavecraft plugin project, as upstream's `wavecraft create` makes one:
    a Rust engine (`engine/Cargo.toml`) and a web UI (`ui/package.json`).
    Found as upstream's `wavecraft start` finds it, including the SDK
    template inside the Wavecraft repository itself (`sdk-template/`).

    It knows where the engine's build lands (upstream's order: the
    engine's own target/debug, then the workspace's) and which library
    there is the plugin.
*/
class WavecraftProject
{
public:
    /** The project in `folder`, or nothing with `error` saying what is
        missing there. [any thread]
    */
    static std::optional<WavecraftProject> find (const juce::File& folder, juce::String& error);

    const juce::File& getRoot() const noexcept { return root; }
    const juce::File& getEngineFolder() const noexcept { return engine; }
    const juce::File& getUiFolder() const noexcept { return ui; }
    bool isSdkTemplate() const noexcept { return sdkTemplate; }
    const CargoManifest& getManifest() const noexcept { return manifest; }

    /** `cargo build --lib` with what this crate needs: `--features
        _param-discovery` where it declares that feature, and `--package`
        where it has a name (a workspace of several needs it). [any thread]
    */
    juce::StringArray makeBuildCommand() const;

    /** The debug folders a build may land in, that exist, in upstream's order. [any thread] */
    juce::Array<juce::File> findDebugFolders() const;

    /** The plugin library the last build made: `lib<crate>.so` in the first
        debug folder that has it, else the only library there, else the
        newest; or nothing, with `error` saying where it looked. [any thread]
    */
    juce::File findLibrary (juce::String& error) const;

    /** The library to play: the one findLibrary() finds, or before the first
        build, where cargo will put it (the workspace's target/debug when the
        engine is in one). [any thread]
    */
    juce::File getLibraryFile() const;

    /** Where upstream keeps its parameter cache: the first debug folder that
        exists, or the engine's own target/debug. [any thread]
    */
    juce::File getCacheFolder() const;

private:
    WavecraftProject() = default;

    juce::File root, engine, ui;
    CargoManifest manifest;
    bool sdkTemplate = false;
};

} // namespace wavecraft
