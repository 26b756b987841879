#pragma once

#include <wavecraft_core/wavecraft_core.h>

/** The host's lines on standard error, each written whole in one call.

    The message, server, supervisor and audio-device threads all log: a line
    written in parts (prefix, text, newline) can be split by another
    thread's line. Installed as JUCE's logger, it also writes the modules'
    juce::Logger::writeToLog lines this way.
*/
class StandardErrorLog : public juce::Logger
{
public:
    /** Writes "wavecraft-host: TEXT" and a newline in one write(). [any thread] */
    static void writeLine (const juce::String& text);

    void logMessage (const juce::String& message) override { writeLine (message); }
};
