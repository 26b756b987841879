namespace wavecraft
{

/** One `cargo build` of a project's engine, run in a process group of its
    own so it can be cancelled with all its rustc processes, and read as it
    goes (`--message-format=json`): the first error is told as soon as cargo
    reports it, with its file and line, long before the build ends.

    To use one, set the callbacks, then start(). Destroying it cancels a
    build still running.
*/
class CargoBuild
{
public:
    /** One of the compiler's messages. */
    struct Diagnostic
    {
        juce::String level;   /**< "error", "warning", ... */
        juce::String message; /**< the message's first line, e.g. "expected `;`, found `}`" */
        juce::String file;    /**< relative to the project's folder where it is inside it */
        int line = 0, column = 0;
        juce::String rendered; /**< as cargo prints it, with the source line marked */

        /** e.g. "engine/src/lib.rs:12:5: error: expected `;`, found `}`" */
        juce::String describe() const;
    };

    struct Result
    {
        bool succeeded = false, cancelled = false;
        int exitCode = -1;
        double seconds = 0.0;
        std::vector<Diagnostic> errors;
        juce::String failure; /**< why it failed, where no compiler error says it (cargo's own words) */
    };

    /** `command` runs in `engineFolder`; file names are told relative to `projectFolder`. [any thread] */
    CargoBuild (const juce::File& engineFolder, juce::StringArray command, const juce::File& projectFolder);

    /** Cancels it, if it still runs. [not its own thread] */
    ~CargoBuild();

    /** The first error, as cargo reports it. [the build's thread] */
    std::function<void (const Diagnostic&)> onFirstError;

    /** cargo's own lines ("Compiling ...", its errors), as it writes them. [the build's thread] */
    std::function<void (const juce::String& line)> onOutput;

    /** Once it has ended, cancelled too. [the build's thread] */
    std::function<void (const Result&)> onFinished;

    /** False with `error` when cargo could not be started (not installed). [any thread] */
    [[nodiscard]] bool start (juce::String& error);

    /** Ends cargo and everything it started. onFinished is told, cancelled. [not the build's thread] */
    void cancel();

    /** [any thread] */
    bool isRunning() const noexcept { return process.isRunning(); }

    /** A compiler message in one line of cargo's JSON, or nothing for the
        other lines (artifacts, build scripts, the end). [any thread]
    */
    static std::optional<Diagnostic> parseMessage (const juce::String& line, const juce::File& projectFolder);

private:
    static std::optional<Diagnostic> readMessage (const juce::String& line, const juce::File& projectFolder);
    void handleLine (const juce::String& line, bool fromStandardError);
    void handleExit (int exitCode);

    const juce::File engineFolder, projectFolder;
    const juce::StringArray command;
    ProcessGroup process;
    std::atomic<bool> cancelled { false };
    juce::int64 startedMicros = 0;
    Result result;                 // [the build's thread]
    juce::StringArray cargoErrors; // cargo's own "error: ..." lines on standard error

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (CargoBuild)
};

} // namespace wavecraft
