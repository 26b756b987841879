namespace wavecraft
{

/** The build before the newest, kept loaded after a rebuild so that the two
    can be heard in turn (an A/B of builds): its processor (in a worker of
    its own, for an isolated plugin), its parameters, kept at the newest
    build's values, and which of the two is heard.

    The engine plays one of the two; the other waits here, on standby. A
    processor leaving the engine comes back either from AudioEngine::setProcessor
    or, after its cross-fade, through the engine's faded-out handler:
    takeBack() keeps the one expected on standby and drops any other.

    [message thread; setValue: any thread but the audio thread, under the session's parameters lock]
    @see HostSession
*/
class PreviousBuild
{
public:
    PreviousBuild() = default;

    /** Drops the parameters first, then the processor on standby. */
    ~PreviousBuild() { clear(); }

    /** A new build replaced `current` (null when none played): `current`
        becomes the previous build, described by `record`, with its
        `parameters`; the build before it is dropped. `replaced` is what
        the engine handed back from the swap (null while it fades out).
    */
    void keep (juce::AudioProcessor* current, std::unique_ptr<ProcessorParameters> parameters, LoadedBuild record,
               std::unique_ptr<juce::AudioProcessor> replaced);

    /** Drops the previous build (parameters, then processor); what comes back from the engine later is dropped too. */
    void clear();

    /** Keeps `processor` on standby if it is the one expected there, else drops it. */
    void takeBack (std::unique_ptr<juce::AudioProcessor> processor);

    /** True while a previous build is loaded. */
    bool isLoaded() const noexcept { return previousProcessor != nullptr; }

    /** True while the previous build is the one heard. */
    bool isHeard() const noexcept { return heard; }

    /** Swaps the build on standby in for `heardNow`, the one `engine`
        plays, cross-faded. False when there is no other build, or it is
        still fading out after 100 ms.
    */
    bool swap (AudioEngine& engine, juce::AudioProcessor* heardNow);

    /** The previous build's processor, heard or on standby; null when none. */
    juce::AudioProcessor* getProcessor() const noexcept { return previousProcessor; }

    /** Sets a value on the previous build where it has that parameter. */
    void setValue (const juce::String& id, float value);

    /** What it is (role "previous"), heard or not. */
    LoadedBuild getRecord() const;

    /** Says in `status`'s diagnostic about the plugin that it is of build
        `previousId`, the previous one, heard; a failure also that build
        `newestId` is still loaded, and how to hear it again (or, unless
        `canChooseNewest`, why it can't be yet: it hangs on the audio thread).
    */
    static void describeHeard (AudioStatus& status, int previousId, int newestId, bool canChooseNewest);

private:
    std::unique_ptr<juce::AudioProcessor> standby;
    juce::AudioProcessor* expected = nullptr;          // the processor that belongs on standby
    juce::AudioProcessor* previousProcessor = nullptr; // heard or on standby
    std::unique_ptr<ProcessorParameters> parameters;
    LoadedBuild record;
    bool heard = false;

    JUCE_DECLARE_NON_COPYABLE (PreviousBuild)
};

} // namespace wavecraft
