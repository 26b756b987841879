#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

/** The standalone host's words for what to do about a diagnostic: the
    command-line option that changes the thing it is about.
*/
class CommandLineHints : public wavecraft::DiagnosticHints
{
public:
    /** `plugin`: the --plugin path, for the command a hint gives. */
    explicit CommandLineHints (juce::File plugin);

    juce::String hintFor (const wavecraft::Diagnostic& diagnostic) const override;

private:
    const juce::File plugin;
};
