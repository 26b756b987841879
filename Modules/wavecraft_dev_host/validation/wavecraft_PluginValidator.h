namespace wavecraft
{

/** Validates a plugin library headless, as a CI step or a pre-commit hook
    would: each check in a worker of its own (a crash or hang fails that
    check, and the run goes on), with the real-time monitor watching every
    one of them.

    The checks, in order, by id: load.cold, load.warm, params.json,
    lifecycle.create_drop, samplerate.all, blocksize.fixed, blocksize.random,
    signal.silence, signal.impulse, signal.sine, signal.noise,
    params.extremes, params.random, reset.determinism, blocksize.dependence,
    cpu.budget, cpu.denormals; then, from all of them, realtime.process,
    realtime.apply_plain_values, realtime.reset, buffers.overrun and
    buffers.underrun. A quick run leaves out the slow ones, and plays fewer
    rates and block sizes. A library that doesn't load fails load.cold, and
    nothing else runs.

    @see ValidationCheck, ValidationReport
*/
class PluginValidator
{
public:
    struct Options
    {
        bool quick = false;

        /** How the checks' workers start (the executable, above all). */
        IsolatedPluginInstance::Options workerOptions;

        /** Just these of the checks that play audio, when not empty (a test,
            or a developer after one finding); load.cold and the checks of
            the monitor's findings run always.
        */
        juce::StringArray onlyChecks;

        /** Asked before each check: true ends the run there (a caller that
            is going away). [the validating thread]
        */
        std::function<bool()> shouldStop;

        /** Told of each check as it ends, for a caller that prints as it goes. [the validating thread] */
        std::function<void (const ValidationCheck&)> onCheck;
    };

    /** Runs every check on `plugin`. [any thread but the audio thread: it takes a while] */
    static std::vector<ValidationCheck> run (const juce::File& plugin, const Options& options);

    /** The ids of the checks a run makes, in order. */
    static juce::StringArray getCheckIds (bool quick);
};

} // namespace wavecraft
