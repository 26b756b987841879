namespace wavecraft
{

/** The child-process side of crash isolation: a process that loads one
    plugin and runs its processor on the blocks its host sends through a
    WorkerChannel, until the host says quit (or dies).

    A worker starts without a plugin and waits for its host to name one (in
    the channel), so a host can start it ahead of the load that needs it
    (IsolatedPluginInstance::Options::keepSpareWorker): a rebuild then only
    loads.

    The worker is the host's own executable, started again with a command
    line that PluginWorker recognises, as JUCE's web view starts its helper.
    So an app that isolates plugins lets main() hand such a command line
    over, before anything else:

    @code
    int main (int argc, char* argv[])
    {
        if (const auto exitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
            return *exitCode;
        ...
    }
    @endcode

    or, for a JUCEApplication, uses WAVECRAFT_START_JUCE_APPLICATION (AppClass)
    in place of START_JUCE_APPLICATION.

    @see IsolatedPluginInstance, WorkerChannel
*/
class PluginWorker
{
public:
    /** In a worker process: runs the worker and returns its exit code. In
        any other: returns nullopt, and notes that this executable can run
        workers (canRunWorkers()). [main(), first thing]
    */
    static std::optional<int> runIfRequested (int argc, const char* const* argv);

    /** True once runIfRequested() was called in this process: its executable
        hands a worker's command line over. [any thread]
    */
    static bool canRunWorkers() noexcept;

    /** The command line that starts a worker on `channelName`; with the
        plugin it will likely load (a spare's: the last one loaded), which
        the worker makes ready for while it waits (PluginLibrary::prepareFor).
    */
    static juce::StringArray makeArguments (const juce::String& channelName, const juce::File& likelyPlugin = {});

    /** The first argument of a worker's command line. */
    static constexpr const char* commandLineFlag = "--wavecraft-plugin-worker";

private:
    static int run (const juce::String& channelName, int hostProcessId, const juce::File& likelyPlugin);
};

} // namespace wavecraft

/** START_JUCE_APPLICATION, with main() running a plugin worker when asked
    (see PluginWorker).
*/
#define WAVECRAFT_START_JUCE_APPLICATION(AppClass)                                            \
    JUCE_CREATE_APPLICATION_DEFINE (AppClass)                                                 \
    extern "C" int main (int argc, char* argv[])                                              \
    {                                                                                         \
        if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv)) \
            return *workerExitCode;                                                           \
                                                                                              \
        juce::JUCEApplicationBase::createInstance = &juce_CreateApplication;                  \
        return juce::JUCEApplicationBase::main (argc, (const char**) argv);                   \
    }
