namespace wavecraft
{

juce::String toString (DiagnosticCode code)
{
    switch (code)
    {
        case DiagnosticCode::loaderUnavailable: return "loaderUnavailable";
        case DiagnosticCode::vtableMissing: return "vtableMissing";
        case DiagnosticCode::processorCreateFailed: return "processorCreateFailed";
        case DiagnosticCode::noInputDevice: return "noInputDevice";
        case DiagnosticCode::inputPermissionDenied: return "inputPermissionDenied";
        case DiagnosticCode::noOutputDevice: return "noOutputDevice";
        case DiagnosticCode::streamStartFailed: return "streamStartFailed";
        case DiagnosticCode::unknown: break;
    }

    return "unknown";
}

juce::String Diagnostic::toString (Subject subject)
{
    switch (subject)
    {
        case Subject::plugin: return "plugin";
        case Subject::device: return "device";
        case Subject::inputSource: return "inputSource";
        case Subject::recording: return "recording";
        case Subject::port: return "port";
        case Subject::origin: return "origin";
        case Subject::none: break;
    }

    return {};
}

juce::String Diagnostic::describe() const
{
    return hint.isEmpty() ? message : message + "; " + hint;
}

} // namespace wavecraft
