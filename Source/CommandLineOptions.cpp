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

juce::File fromWorkingDirectory (const juce::String& path)
{
    return juce::File::getCurrentWorkingDirectory().getChildFile (path);
}

/** An option that takes a value: stores it, or says what it takes. */
struct ValueOption
{
    const char* name;
    juce::String (*apply) (const juce::String& value, CommandLineOptions& options);
};

juce::String unless (bool parsed, const juce::String& problem)
{
    return parsed ? juce::String() : problem;
}

using Options = CommandLineOptions;

/** http(s)://host[:port]/... -> its origin ("http://host:port"), as a browser sends it; "" when not such a URL. */
juce::String originOf (const juce::String& url)
{
    const auto scheme = url.upToFirstOccurrenceOf ("://", false, false).toLowerCase();

    if ((scheme != "http" && scheme != "https") || ! url.contains ("://"))
        return {};

    const auto hostAndPort = url.fromFirstOccurrenceOf ("://", false, false).upToFirstOccurrenceOf ("/", false, false).upToFirstOccurrenceOf ("?", false, false).upToFirstOccurrenceOf ("#", false, false);
    return hostAndPort.isEmpty() || hostAndPort.containsAnyOf (" @") ? juce::String() : scheme + "://" + hostAndPort.toLowerCase();
}

const ValueOption valueOptions[] = {
    { "--ui-url", [] (const juce::String& v, Options& o)
      {
          const auto origin = originOf (v);

          if (origin.isEmpty())
              return "--ui-url takes an http(s) URL such as http://localhost:5173 (your UI's dev server), got '" + v + "'";

          // The page it loads talks to the host over the WebSocket from that origin.
          o.uiUrl = v;
          o.allowedOrigins.addIfNotAlreadyThere (origin);
          return juce::String();
      } },
    { "--plugin", [] (const juce::String& v, Options& o)
      { o.plugin = fromWorkingDirectory (v); return juce::String(); } },
    { "--device-type", [] (const juce::String& v, Options& o)
      { o.deviceType = v; return juce::String(); } },
    { "--input", [] (const juce::String& v, Options& o)
      { o.inputDevice = v; return juce::String(); } },
    { "--output", [] (const juce::String& v, Options& o)
      { o.outputDevice = v; return juce::String(); } },
    { "--input-source", [] (const juce::String& v, Options& o)
      { o.inputSource = v; return juce::String(); } },
    { "--allow-origin", [] (const juce::String& v, Options& o)
      { o.allowedOrigins.add (v); return juce::String(); } },
    { "--watch", [] (const juce::String& v, Options& o)
      { o.watchFolder = fromWorkingDirectory (v); return juce::String(); } },
    { "--build", [] (const juce::String& v, Options& o)
      { o.buildCommand = v; return juce::String(); } },
    { "--record", [] (const juce::String& v, Options& o)
      { o.recordFile = fromWorkingDirectory (v); return juce::String(); } },
    { "--port", [] (const juce::String& v, Options& o)
      { return unless (parseInteger (v, 0, 65535, o.port), "--port takes a port number from 0 to 65535 (0 picks a free one), got '" + v + "'"); } },
    { "--buffer-size", [] (const juce::String& v, Options& o)
      { return unless (parseInteger (v, 1, 65536, o.bufferSize), "--buffer-size takes a number of frames from 1 to 65536, got '" + v + "'"); } },
    { "--max-clients", [] (const juce::String& v, Options& o)
      { return unless (parseInteger (v, 1, 1000000, o.maxClients), "--max-clients takes a number from 1 to 1000000, got '" + v + "'"); } },
    { "--sample-rate", [] (const juce::String& v, Options& o)
      { return unless (parsePositiveNumber (v, o.sampleRate), "--sample-rate takes a rate in Hz such as 48000, got '" + v + "'"); } },
    { "--duration", [] (const juce::String& v, Options& o)
      { return unless (parsePositiveNumber (v, o.durationSeconds), "--duration takes a number of seconds greater than 0, got '" + v + "'"); } },
    { "--set", [] (const juce::String& v, Options& o)
      {
          if (! v.contains ("=") || v.startsWith ("="))
              return "--set takes id=value (e.g. --set gain=0.5), got '" + v + "'";

          o.parameterSettings.add (v);
          return juce::String();
      } },
};

/** A flag (no value) or --render (two); false when `name` is neither. */
bool takeFlagOrRender (ArgumentCursor& cursor, Options& options, juce::String& error)
{
    const auto& name = cursor.name();

    if (name == "--help" || name == "-h")
        options.showHelp = true;
    else if (name == "--version")
        options.showVersion = true;
    else if (name == "--headless")
        options.headless = true;
    else if (name == "--in-process")
        options.inProcess = true;
    else if (name != "--render")
        return false;

    if (name == "--render")
    {
        juce::String input, output;

        if (! cursor.takeValue (input, error) || ! cursor.takeValue (output, error))
            error = "--render needs two paths: --render IN.wav OUT.wav";

        options.renderInput = fromWorkingDirectory (input);
        options.renderOutput = fromWorkingDirectory (output);
    }

    return true;
}

/** Takes the argument at the cursor; returns the problem with it, or "". */
juce::String takeArgument (ArgumentCursor& cursor, Options& options)
{
    juce::String error;

    if (takeFlagOrRender (cursor, options, error))
        return error;

    const auto& name = cursor.name();

    if (! name.startsWith ("--"))
        return "unexpected argument '" + name + "'; options start with -- (see --help)";

    for (const auto& option : valueOptions)
    {
        if (name == option.name)
        {
            juce::String value;
            return cursor.takeValue (value, error) ? option.apply (value, options) : error;
        }
    }

    return "unknown option '" + name + "' (see --help)";
}

/** What the options ask for together that can't work, or "". */
juce::String checkCombination (const Options& options)
{
    const auto watching = options.watchFolder != juce::File();

    if (options.buildCommand.isNotEmpty() && ! watching)
        return "--build needs --watch DIR: the command runs when a file under DIR changes";

    if (watching && options.buildCommand.isEmpty())
        return "--watch needs --build \"CMD\": the command that rebuilds the plugin (e.g. --build \"cargo build\")";

    if (watching && ! options.watchFolder.isDirectory())
        return "--watch " + options.watchFolder.getFullPathName() + " is not a folder";

    return {};
}
} // namespace

bool CommandLineOptions::parse (const juce::StringArray& arguments, CommandLineOptions& options, juce::String& error)
{
    ArgumentCursor cursor (arguments);

    while (cursor.next())
        if (error = takeArgument (cursor, options); error.isNotEmpty())
            return false;

    error = checkCombination (options);
    return error.isEmpty();
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
  --in-process             run the plugin's code in the host's own process (no crash
                           isolation), e.g. to debug it in gdb
  --ui-url URL             show your web UI (e.g. a dev server on http://localhost:5173)
                           in the window; its origin may connect
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
