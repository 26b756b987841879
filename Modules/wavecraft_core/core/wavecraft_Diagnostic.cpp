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

juce::String Diagnostic::describe() const
{
    return hint.isEmpty() ? message : message + " (" + hint + ")";
}

} // namespace wavecraft
