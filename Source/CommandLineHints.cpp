#include "CommandLineHints.h"

CommandLineHints::CommandLineHints (juce::File pluginFile)
    : plugin (std::move (pluginFile))
{}

juce::String CommandLineHints::hintFor (const wavecraft::Diagnostic& diagnostic) const
{
    using wavecraft::Diagnostic;
    using wavecraft::DiagnosticCode;
    const auto subject = diagnostic.subject;

    if (diagnostic.code == DiagnosticCode::noInputDevice)
        return "pass --input-source sine (or silence, noise, file:PATH), or choose an input with --input";

    if (diagnostic.code == DiagnosticCode::noOutputDevice)
        return "choose an output with --output to hear it";

    if (subject == Diagnostic::Subject::inputSource)
        return "check --input-source";

    if (subject == Diagnostic::Subject::device && diagnostic.fields.contains (Diagnostic::Fields::refused))
    {
        juce::StringArray options;

        for (const auto& field : juce::StringArray::fromTokens (diagnostic.fields[Diagnostic::Fields::refused].toString(), ",", {}))
            options.add (field == "sampleRate" ? "--sample-rate" : "--buffer-size");

        return "pass what it offers with " + options.joinIntoString (" and ") + ", or choose another --device-type";
    }

    if (subject == Diagnostic::Subject::device && diagnostic.code == DiagnosticCode::unknown)
        return "check --device-type, --input and --output";

    if (subject == Diagnostic::Subject::port)
        return "perhaps by another wavecraft-host: pick another with --port N, or --port 0 for any free port";

    if (subject == Diagnostic::Subject::plugin && diagnostic.fields[Diagnostic::Fields::fault] == "late")
        return "either its process() takes nearly a whole block, or the machine is busy with other work: make process() "
               "cheaper, close what competes, or choose a bigger block with --buffer-size; this clears once it answers in time";

    // A debugger finds a crash or a loop; a NaN or an overrun has the module's own, better hint.
    const auto fault = diagnostic.fields[Diagnostic::Fields::fault].toString();
    const auto path = plugin.getFullPathName();
    const auto underGdb = "gdb --args wavecraft-host --in-process --plugin " + (path.containsAnyOf (" '\"$") ? path.quoted ('\'') : path);

    if (subject == Diagnostic::Subject::plugin && fault == "crash")
        return "fix the plugin and rebuild it; to find the fault, run it in the host's own process under gdb: " + underGdb;

    if (subject == Diagnostic::Subject::plugin && fault == "hang")
        return "fix the plugin and rebuild it; to see where it loops, run it in the host's own process under gdb and press Ctrl+C: " + underGdb;

    if (subject == Diagnostic::Subject::origin)
        return "start the host with --allow-origin " + diagnostic.fields[Diagnostic::Fields::origin].toString() + " to accept it";

    return {};
}
