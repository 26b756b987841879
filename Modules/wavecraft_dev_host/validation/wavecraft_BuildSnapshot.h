namespace wavecraft
{

/** A copy of one build of a plugin (a bundle whole), made as it lands and
    deleted with this object: the next build, renamed over the same path or
    written into it, can't change it while it is checked or measured. (A
    hard link would share what an in-place write truncates.)

    @see BuildChecker, ResponseMeasurer
*/
class BuildSnapshot
{
public:
    /** Copies `plugin` into a folder of its own under the temporary folder;
        null and `error` (what couldn't be copied where) when it can't.
        [any thread]
    */
    static std::unique_ptr<BuildSnapshot> take (const juce::File& plugin, juce::String& error);

    /** Deletes the copy. */
    ~BuildSnapshot();

    /** The copy, named as the plugin is. */
    const juce::File& getFile() const noexcept { return file; }

private:
    explicit BuildSnapshot (juce::File copy)
        : file (std::move (copy))
    {}

    juce::File file;

    JUCE_DECLARE_NON_COPYABLE (BuildSnapshot)
};

} // namespace wavecraft
