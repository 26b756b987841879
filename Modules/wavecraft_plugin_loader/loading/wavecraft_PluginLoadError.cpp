namespace wavecraft
{

DiagnosticCode PluginLoadError::getDiagnosticCode() const noexcept
{
    switch (kind)
    {
        case Kind::tableSymbolMissing:
        case Kind::unsupportedVersion:
        case Kind::invalidTable:
            return DiagnosticCode::vtableMissing;

        case Kind::createFailed:
        case Kind::crashedInCreate:
            return DiagnosticCode::processorCreateFailed;

        case Kind::fileMissing:
        case Kind::copyFailed:
        case Kind::notALibrary:
        case Kind::symbolMissing:
        case Kind::invalidParameters:
        case Kind::invalidProcessors:
        case Kind::crashedWhileLoading:
        case Kind::hungWhileLoading:
        case Kind::workerFailed:
            return DiagnosticCode::loaderUnavailable;

        case Kind::none:
            break;
    }

    return DiagnosticCode::unknown;
}

PluginLoadError PluginLoadError::createReturnedNull (const juce::File& file)
{
    return { Kind::createFailed, "the processor's create() in " + file.getFileName() + " returned NULL", "check the plugin's constructor; run it under a debugger or with logging", {} };
}

PluginLoadError PluginLoadError::parametersInvalid (const juce::File& file, const juce::String& reason)
{
    return { Kind::invalidParameters, WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON " in " + file.getFileName() + ": " + reason, "fix the params JSON; see wavecraft_dev_abi.h for the spec format", {} };
}

Diagnostic PluginLoadError::toDiagnostic() const
{
    Diagnostic diagnostic { getDiagnosticCode(), message, hint, {} };
    diagnostic.subject = Diagnostic::Subject::plugin;

    if (kind == Kind::crashedInCreate || kind == Kind::crashedWhileLoading || kind == Kind::hungWhileLoading)
    {
        diagnostic.fields = faultFields;
        diagnostic.fields.set (Diagnostic::Fields::fault, kind == Kind::hungWhileLoading ? "hang" : "crash");
    }

    return diagnostic;
}

} // namespace wavecraft
