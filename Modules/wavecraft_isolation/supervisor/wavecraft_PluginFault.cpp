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

juce::String PluginFault::describe() const
{
    const auto how = signal != 0 ? "crashed with " + describeSignal (signal) : "exited (code " + juce::String (exitCode) + ")";
    return file.getFileName() + " " + how + " in " + wavecraft::describe (call) + " after " + juce::String (secondsOfAudio, 2)
        + " s of audio";
}

Diagnostic PluginFault::toDiagnostic() const
{
    Diagnostic diagnostic { call == PluginCall::create ? DiagnosticCode::processorCreateFailed : DiagnosticCode::unknown,
                            describe() + "; the host runs on, silent, until a new build lands",
                            "fix the plugin and rebuild it; to find the fault, run the plugin in the host's own process under a debugger",
                            {} };
    diagnostic.subject = Diagnostic::Subject::plugin;
    diagnostic.fields.set (Diagnostic::Fields::file, file.getFullPathName());
    diagnostic.fields.set (Diagnostic::Fields::fault, "crash");
    diagnostic.fields.set (Diagnostic::Fields::call, nameOf (call));
    diagnostic.fields.set (Diagnostic::Fields::secondsOfAudio, secondsOfAudio);

    if (signal != 0)
        diagnostic.fields.set (Diagnostic::Fields::signal, nameOfSignal (signal));
    else
        diagnostic.fields.set (Diagnostic::Fields::exitCode, exitCode);

    return diagnostic;
}

} // namespace wavecraft
