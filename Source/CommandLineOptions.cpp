#include "CommandLineOptions.h"

namespace
{
/** Walks the arguments, accepting both "--name value" and "--name=value". */
class ArgumentCursor
{
public:
    explicit ArgumentCursor (const juce::StringArray& args)
        : arguments (args)
    {}

    bool next()
    {
        if (index >= arguments.size())
            return false;

        auto argument = arguments[index++];
        inlineValue.reset();

        if (argument.startsWith ("--") && argument.contains ("="))
        {
            inlineValue = argument.fromFirstOccurrenceOf ("=", false, false);
            argument = argument.upToFirstOccurrenceOf ("=", false, false);
        }

        current = argument;
        return true;
    }

    const juce::String& name() const { return current; }

    bool takeValue (juce::String& value, juce::String& error)
    {
        if (inlineValue.has_value())
        {
            value = *inlineValue;
            return true;
        }

        if (index >= arguments.size())
        {
            error = current + " needs a value";
            return false;
        }

        value = arguments[index++];
        return true;
    }

private:
    const juce::StringArray& arguments;
    int index = 0;
    juce::String current;
    std::optional<juce::String> inlineValue;
};

bool parseInteger (const juce::String& text, int minimum, int maximum, int& result)
{
    if (text.isEmpty() || ! text.containsOnly ("0123456789"))
        return false;

    const auto value = text.getLargeIntValue();

    if (value < minimum || value > maximum)
        return false;

    result = (int) value;
    return true;
}

bool parsePositiveNumber (const juce::String& text, double& result)
{
    if (text.isEmpty() || ! text.containsOnly ("0123456789.") || text.indexOf (".") != text.lastIndexOf ("."))
        return false;

    result = text.getDoubleValue();
    return result > 0.0;
}
} // namespace

bool CommandLineOptions::parse (const juce::StringArray& arguments, CommandLineOptions& options, juce::String& error)
{
    ArgumentCursor cursor (arguments);
    juce::String value;

    auto fail = [&] (const juce::String& message)
    {
        error = message;
        return false;
    };

    while (cursor.next())
    {
        const auto& name = cursor.name();

        if (name == "--help" || name == "-h")
        {
            options.showHelp = true;
            continue;
        }
        if (name == "--version")
        {
            options.showVersion = true;
            continue;
        }
        if (name == "--headless")
        {
            options.headless = true;
            continue;
        }

        if (name == "--render")
        {
            juce::String input, output;

            if (! cursor.takeValue (input, error) || ! cursor.takeValue (output, error))
                return fail ("--render needs two paths: --render IN.wav OUT.wav");

            options.renderInput = juce::File::getCurrentWorkingDirectory().getChildFile (input);
            options.renderOutput = juce::File::getCurrentWorkingDirectory().getChildFile (output);
            continue;
        }

        if (! name.startsWith ("--"))
            return fail ("unexpected argument '" + name + "'; options start with -- (see --help)");

        static const juce::StringArray optionsWithValue { "--plugin", "--device-type", "--input", "--output",
                                                          "--input-source", "--allow-origin", "--watch", "--build",
                                                          "--record", "--port", "--buffer-size", "--max-clients",
                                                          "--sample-rate", "--duration", "--set" };

        if (! optionsWithValue.contains (name))
            return fail ("unknown option '" + name + "' (see --help)");

        if (! cursor.takeValue (value, error))
            return false;

        const auto cwd = juce::File::getCurrentWorkingDirectory();

        if (name == "--plugin")
            options.plugin = cwd.getChildFile (value);
        else if (name == "--device-type")
            options.deviceType = value;
        else if (name == "--input")
            options.inputDevice = value;
        else if (name == "--output")
            options.outputDevice = value;
        else if (name == "--input-source")
            options.inputSource = value;
        else if (name == "--allow-origin")
            options.allowedOrigins.add (value);
        else if (name == "--watch")
            options.watchFolder = cwd.getChildFile (value);
        else if (name == "--build")
            options.buildCommand = value;
        else if (name == "--record")
            options.recordFile = cwd.getChildFile (value);
        else if (name == "--port")
        {
            if (! parseInteger (value, 0, 65535, options.port))
                return fail ("--port takes a port number from 0 to 65535 (0 picks a free one), got '" + value + "'");
        }
        else if (name == "--buffer-size")
        {
            if (! parseInteger (value, 1, 65536, options.bufferSize))
                return fail ("--buffer-size takes a number of frames from 1 to 65536, got '" + value + "'");
        }
        else if (name == "--max-clients")
        {
            if (! parseInteger (value, 1, 1000000, options.maxClients))
                return fail ("--max-clients takes a number from 1 to 1000000, got '" + value + "'");
        }
        else if (name == "--sample-rate")
        {
            if (! parsePositiveNumber (value, options.sampleRate))
                return fail ("--sample-rate takes a rate in Hz such as 48000, got '" + value + "'");
        }
        else if (name == "--duration")
        {
            if (! parsePositiveNumber (value, options.durationSeconds))
                return fail ("--duration takes a number of seconds greater than 0, got '" + value + "'");
        }
        else if (name == "--set")
        {
            if (! value.contains ("=") || value.startsWith ("="))
                return fail ("--set takes id=value (e.g. --set gain=0.5), got '" + value + "'");

            options.parameterSettings.add (value);
        }
        else
        {
            jassertfalse; // listed in optionsWithValue but not handled
        }
    }

    if (options.buildCommand.isNotEmpty() && options.watchFolder == juce::File())
        return fail ("--build needs --watch DIR: the command runs when a file under DIR changes");

    if (options.watchFolder != juce::File() && options.buildCommand.isEmpty())
        return fail ("--watch needs --build \"CMD\": the command that rebuilds the plugin (e.g. --build \"cargo build\")");

    if (options.watchFolder != juce::File() && ! options.watchFolder.isDirectory())
        return fail ("--watch " + options.watchFolder.getFullPathName() + " is not a folder");

    return true;
}

juce::String CommandLineOptions::getHelpText()
{
    return R"(usage: wavecraft-host [options]

Loads a Wavecraft dev-ABI plugin library and runs it.

  --plugin PATH            the plugin library (default: the bundled example plugin)
  --render IN.wav OUT.wav  process a file through the plugin as fast as possible and exit
  --set ID=VALUE           set a parameter before running (repeatable); enums take an
                           index or a variant name, bools 0/1/true/false
  --buffer-size N          block size in frames (--render default: 512)
  --port N                 WebSocket port on 127.0.0.1 (default 9000, 0 picks a free one)
  --headless               no window
  --device-type NAME       JUCE device type (ALSA, JACK, ...) or Virtual
  --input NAME, --output NAME, --sample-rate HZ
                           device choice
  --input-source SRC       device, silence, sine[:HZ], noise or file:PATH
  --duration SECONDS       exit cleanly after that long
  --allow-origin ORIGIN    also accept WebSocket handshakes from this origin (repeatable)
  --max-clients N          most WebSocket clients at once (default: as many as the
                           open-file limit allows)
  --watch DIR --build CMD  when a file under DIR changes, run CMD there, then reload
                           (the plugin library itself is always watched and reloaded)
  --record PATH            write the processed output to a WAV file while running
  --help, --version

Exit codes: 0 clean exit, 2 bad usage or an unusable plugin/file for --render,
3 the port is taken.
)";
}
