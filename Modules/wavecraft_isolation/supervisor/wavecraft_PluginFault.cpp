namespace wavecraft
{

juce::String PluginFault::nameOfSignal (int signalNumber)
{
    const char* name = sigabbrev_np (signalNumber);
    return name != nullptr ? "SIG" + juce::String (name) : "signal " + juce::String (signalNumber);
}

juce::String PluginFault::describeSignal (int signalNumber)
{
    const auto what = [signalNumber]() -> juce::String
    {
        switch (signalNumber)
        {
            case SIGSEGV: return "a bad memory access";
            case SIGBUS: return "a bad memory access";
            case SIGABRT: return "abort(), or a failed assertion";
            case SIGFPE: return "an integer division by zero";
            case SIGILL: return "an illegal instruction";
            case SIGKILL: return "killed from outside";
            default: return juce::String (strsignal (signalNumber)).toLowerCase();
        }
    }();

    return nameOfSignal (signalNumber) + " (" + what + ")";
}

namespace
{
    const char* describeOverrun (WorkerChannel::Guard guard)
    {
        switch (guard)
        {
            case WorkerChannel::Guard::beforeLeft: return "went before the start of its left channel's buffer";
            case WorkerChannel::Guard::pastLeft: return "went past the end of its left channel's buffer";
            case WorkerChannel::Guard::pastRight: return "went past the end of its right channel's buffer";
            case WorkerChannel::Guard::none: break;
        }

        return "";
    }
} // namespace

juce::String PluginFault::describe() const
{
    // Hundredths of a second, or "at once": "after 0.00 s" reads as never.
    return describeWhatAndWhere()
        + (secondsOfAudio >= 0.005 ? " after " + juce::String (secondsOfAudio, 2) + " s of audio" : juce::String (" within the first 5 ms of audio"));
}

juce::String PluginFault::describeWhatAndWhere() const
{
    if (overrun != WorkerChannel::Guard::none)
        return file.getFileName() + " " + describeOverrun (overrun) + " in " + wavecraft::describe (call) + " (" + nameOfSignal (signal) + ")";

    const auto how = signal != 0 ? "crashed with " + describeSignal (signal) : "exited (code " + juce::String (exitCode) + ")";
    return file.getFileName() + " " + how + " in " + wavecraft::describe (call);
}

Diagnostic PluginFault::toDiagnostic() const
{
    const auto hint = overrun != WorkerChannel::Guard::none
        ? "look for a loop over the samples that runs past num_samples, or one that indexes a channel past the two it got; in a DAW this writes over the host's memory"
        : "fix the plugin and rebuild it; to find the fault, run the plugin in the host's own process under a debugger";
    Diagnostic diagnostic { call == PluginCall::create ? DiagnosticCode::processorCreateFailed : DiagnosticCode::unknown,
                            describe() + "; the host runs on, silent, until a new build lands",
                            hint,
                            {} };
    diagnostic.subject = Diagnostic::Subject::plugin;
    diagnostic.fields.set (Diagnostic::Fields::file, file.getFullPathName());
    diagnostic.fields.set (Diagnostic::Fields::fault, "crash");
    diagnostic.fields.set (Diagnostic::Fields::call, nameOf (call));
    diagnostic.fields.set (Diagnostic::Fields::secondsOfAudio, secondsOfAudio);

    if (overrun != WorkerChannel::Guard::none)
    {
        diagnostic.fields.set (Diagnostic::Fields::fault, "overrun");
        diagnostic.fields.set (Diagnostic::Fields::channels, overrun == WorkerChannel::Guard::pastRight ? "right" : "left");
        diagnostic.fields.set (Diagnostic::Fields::overrun, overrun == WorkerChannel::Guard::beforeLeft ? "before_start" : "past_end");
    }

    if (signal != 0)
        diagnostic.fields.set (Diagnostic::Fields::signal, nameOfSignal (signal));
    else
        diagnostic.fields.set (Diagnostic::Fields::exitCode, exitCode);

    return diagnostic;
}

} // namespace wavecraft
