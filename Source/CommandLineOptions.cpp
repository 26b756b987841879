#include "CommandLineOptions.h"

namespace
{
/** Walks the arguments, accepting both "--name value" and "--name=value".
    Not juce::ArgumentList, which trims, unquotes and drops empty arguments:
    a --build command keeps its quotes for the shell, and --input "" is the
    device type's default.
*/
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

    /** The `count` values an option takes (an inline one first). */
    bool takeValues (int count, juce::StringArray& values, juce::String& error)
    {
        if (auto inlined = std::exchange (inlineValue, std::nullopt); inlined.has_value())
            values.add (*inlined);

        while (values.size() < count)
        {
            if (index >= arguments.size())
            {
                error = current + " needs a value";
                return false;
            }

            values.add (arguments[index++]);
        }

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

/** One option: how it is written, what it takes, what --help says of it,
    and what it does. --help is made from this table, so it says what the
    parser takes.
*/
struct OptionSpec
{
    const char* name;
    const char* values; /**< as --help shows them; one word per value ("" for a flag) */
    const char* help;   /**< a '\n' starts another line */
    juce::String (*apply) (const juce::StringArray& values, CommandLineOptions& options);

    int getNumValues() const { return juce::StringArray::fromTokens (values, false).size(); }
};

juce::String unless (bool parsed, const juce::String& problem)
{
    return parsed ? juce::String() : problem;
}

using Options = CommandLineOptions;
using Values = juce::StringArray;

/** http(s)://host[:port]/... -> its origin ("http://host:port"), as a browser sends it; "" when not such a URL. */
juce::String originOf (const juce::String& url)
{
    const auto scheme = url.upToFirstOccurrenceOf ("://", false, false).toLowerCase();

    if ((scheme != "http" && scheme != "https") || ! url.contains ("://"))
        return {};

    const auto hostAndPort = url.fromFirstOccurrenceOf ("://", false, false).upToFirstOccurrenceOf ("/", false, false).upToFirstOccurrenceOf ("?", false, false).upToFirstOccurrenceOf ("#", false, false);
    return hostAndPort.isEmpty() || hostAndPort.containsAnyOf (" @") ? juce::String() : scheme + "://" + hostAndPort.toLowerCase();
}

juce::String setUiUrl (const Values& v, Options& o)
{
    const auto origin = originOf (v[0]);

    if (origin.isEmpty())
        return "--ui-url takes an http(s) URL such as http://localhost:5173 (your UI's dev server), got '" + v[0] + "'";

    // The page it loads talks to the host over the WebSocket from that origin.
    o.uiUrl = v[0];
    o.allowedOrigins.addIfNotAlreadyThere (origin);
    return {};
}

juce::String addSetting (const Values& v, Options& o)
{
    if (! v[0].contains ("=") || v[0].startsWith ("="))
        return "--set takes ID=VALUE (e.g. --set gain=0.5), got '" + v[0] + "'";

    o.parameterSettings.add (v[0]);
    return {};
}

const OptionSpec optionTable[] = {
    { "--plugin", "PATH", "the plugin: a dev library, a .vst3 bundle, an .lv2 bundle or an LV2\n"
                          "plugin URI (found on LV2_PATH); default: the bundled example plugin",
      [] (const Values& v, Options& o)
      {
          o.plugin = wavecraft::PluginLocation::of (v[0], juce::File::getCurrentWorkingDirectory());
          o.pluginGiven = true;
          return juce::String();
      } },
    { "--render", "IN.wav OUT.wav", "process a file through the plugin as fast as possible and exit",
      [] (const Values& v, Options& o)
      {
          o.renderInput = fromWorkingDirectory (v[0]);
          o.renderOutput = fromWorkingDirectory (v[1]);
          return juce::String();
      } },
    { "--compare", "OTHER", "with --render: also render through OTHER (a plugin, as --plugin\n"
                            "takes) at the same settings and print the residue (a null test);\n"
                            "exit 0 when its peak is at most --tolerance-db, else 1",
      [] (const Values& v, Options& o)
      { o.compareWith = v[0]; return juce::String(); } },
    { "--tolerance-db", "DB", "with --compare: the most residue that passes, in dBFS (default -120)",
      [] (const Values& v, Options& o)
      {
          o.toleranceGiven = true;
          const auto text = v[0].trim();
          const auto number = text.trimCharactersAtStart ("-");
          const auto valid = number.isNotEmpty() && number.containsOnly ("0123456789.") && number.indexOf (".") == number.lastIndexOf (".");
          o.toleranceDb = text.getDoubleValue();
          return unless (valid && o.toleranceDb <= 0.0, "--tolerance-db takes a level in dBFS at or below 0, such as -120 or -90, got '" + v[0] + "'");
      } },
    { "--validate", "", "check the plugin headless and exit: one line per check, then\n"
                        "N passed, N warned, N failed; exit 0, or 1 when a check failed",
      [] (const Values&, Options& o)
      { o.validate = true; return juce::String(); } },
    { "--json", "FILE", "with --validate: also write the checks as JSON",
      [] (const Values& v, Options& o)
      { o.validationJson = fromWorkingDirectory (v[0]); return juce::String(); } },
    { "--junit", "FILE", "with --validate: also write the checks as JUnit XML",
      [] (const Values& v, Options& o)
      { o.validationJunit = fromWorkingDirectory (v[0]); return juce::String(); } },
    { "--quick", "", "with --validate: the quick checks only (for a pre-commit hook)",
      [] (const Values&, Options& o)
      { o.quickValidation = true; return juce::String(); } },
    { "--set", "ID=VALUE", "set a parameter first (repeatable): a number in its range,\n"
                           "for a bool also true/false/on/off, for an enum a variant's name",
      addSetting },
    { "--buffer-size", "N", "block size in frames (--render default: 512)",
      [] (const Values& v, Options& o)
      { return unless (parseInteger (v[0], 1, 65536, o.bufferSize), "--buffer-size takes a number of frames from 1 to 65536, got '" + v[0] + "'"); } },
    { "--port", "N", "WebSocket port on 127.0.0.1 (default 9000, 0 picks a free one)",
      [] (const Values& v, Options& o)
      { return unless (parseInteger (v[0], 0, 65535, o.port), "--port takes a port number from 0 to 65535 (0 picks a free one), got '" + v[0] + "'"); } },
    { "--headless", "", "no window",
      [] (const Values&, Options& o)
      { o.headless = true; return juce::String(); } },
    { "--in-process", "", "run the plugin's code in the host's own process (no crash\nisolation), e.g. to debug it in gdb",
      [] (const Values&, Options& o)
      { o.inProcess = true; return juce::String(); } },
    { "--ui-url", "URL", "show your web UI (e.g. a dev server on http://localhost:5173)\nin the window; its origin may connect",
      setUiUrl },
    { "--device-type", "NAME", "JUCE device type (ALSA, JACK, ...) or Virtual",
      [] (const Values& v, Options& o)
      { o.deviceType = v[0]; return juce::String(); } },
    { "--input", "NAME", "the input device (of --device-type)",
      [] (const Values& v, Options& o)
      { o.inputDevice = v[0]; return juce::String(); } },
    { "--output", "NAME", "the output device (of --device-type)",
      [] (const Values& v, Options& o)
      { o.outputDevice = v[0]; return juce::String(); } },
    { "--sample-rate", "HZ", "the device's sample rate",
      [] (const Values& v, Options& o)
      { return unless (parsePositiveNumber (v[0], o.sampleRate), "--sample-rate takes a rate in Hz such as 48000, got '" + v[0] + "'"); } },
    { "--input-source", "SRC", "device, silence, sine[:HZ], noise or file:PATH",
      [] (const Values& v, Options& o)
      { o.inputSource = v[0]; return juce::String(); } },
    { "--duration", "SECONDS", "exit cleanly after that long",
      [] (const Values& v, Options& o)
      { return unless (parsePositiveNumber (v[0], o.durationSeconds), "--duration takes a number of seconds greater than 0, got '" + v[0] + "'"); } },
    { "--allow-origin", "ORIGIN", "also accept WebSocket handshakes from this origin (repeatable)",
      [] (const Values& v, Options& o)
      { o.allowedOrigins.add (v[0]); return juce::String(); } },
    { "--max-clients", "N", "most WebSocket clients at once (default: as many as the\nopen-file limit allows)",
      [] (const Values& v, Options& o)
      { return unless (parseInteger (v[0], 1, 1000000, o.maxClients), "--max-clients takes a number from 1 to 1000000, got '" + v[0] + "'"); } },
    { "--watch", "DIR", "with --build: when a file under DIR changes, build, then reload\n"
                        "(the plugin library itself is always watched and reloaded)",
      [] (const Values& v, Options& o)
      { o.watchFolder = fromWorkingDirectory (v[0]); return juce::String(); } },
    { "--build", "CMD", "the command that rebuilds the plugin (with --watch)",
      [] (const Values& v, Options& o)
      { o.buildCommand = v[0]; return juce::String(); } },
    { "--record", "PATH", "write the processed output to a WAV file while running",
      [] (const Values& v, Options& o)
      { o.recordFile = fromWorkingDirectory (v[0]); return juce::String(); } },
    { "--ui-port", "N", "with start: the UI's dev server port (default 5173)",
      [] (const Values& v, Options& o)
      {
          o.uiPortGiven = true;
          return unless (parseInteger (v[0], 1, 65535, o.uiPort), "--ui-port takes a port number from 1 to 65535, got '" + v[0] + "'");
      } },
    { "--install", "", "with start: run npm install in ui/ when its node_modules is missing,\nwithout asking",
      [] (const Values&, Options& o)
      { o.install = true; return juce::String(); } },
    { "--no-install", "", "with start: never run npm install; fail when ui/node_modules is missing",
      [] (const Values&, Options& o)
      { o.noInstall = true; return juce::String(); } },
    { "--help", "", "this text (also -h)",
      [] (const Values&, Options& o)
      { o.showHelp = true; return juce::String(); } },
    { "--version", "", "the version",
      [] (const Values&, Options& o)
      { o.showVersion = true; return juce::String(); } },
};

/** Takes the argument at the cursor; returns the problem with it, or "". */
juce::String takeArgument (ArgumentCursor& cursor, Options& options)
{
    const auto name = cursor.name() == "-h" ? juce::String ("--help") : cursor.name();

    // start's folder, once: `wavecraft-host start [FOLDER]`.
    if (options.startProject && ! name.startsWith ("--") && options.projectFolder == juce::File())
    {
        options.projectFolder = fromWorkingDirectory (name);
        return {};
    }

    if (! name.startsWith ("--"))
        return "unexpected argument '" + name + "'; options start with -- (see --help)";

    for (const auto& option : optionTable)
    {
        if (name != option.name)
            continue;

        juce::String error;
        Values values;

        // Said with the option's own usage, as --help shows it: "--port needs a value: --port N".
        if (! cursor.takeValues (option.getNumValues(), values, error))
            return name + (option.getNumValues() == 1 ? " needs a value: " : " needs two values: ")
                + name + " " + option.values;

        return option.apply (values, options);
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

    const auto asksForReports = options.validationJson != juce::File() || options.validationJunit != juce::File() || options.quickValidation;

    if (asksForReports && ! options.validate)
        return "--json, --junit and --quick go with --validate (e.g. --validate --quick --junit report.xml)";

    if (options.compareWith.isNotEmpty() && ! options.isRender())
        return "--compare OTHER goes with --render IN OUT: both plugins render IN, and the residue is printed";

    if (options.toleranceGiven && options.compareWith.isEmpty())
        return "--tolerance-db goes with --compare OTHER (e.g. --render in.wav out.wav --compare old.so --tolerance-db -100)";

    if (options.validate && options.isRender())
        return "--validate and --render can't be combined: run one, then the other";

    // Found out before the run, so an unwritable report can't hide a failed check behind exit code 2.
    for (const auto& [flag, file] : { std::pair { "--json", options.validationJson }, std::pair { "--junit", options.validationJunit } })
        if (file != juce::File() && ! file.getParentDirectory().isDirectory())
            return juce::String (flag) + " " + file.getFullPathName() + ": its folder " + file.getParentDirectory().getFullPathName()
                + " does not exist; create it, or write the report elsewhere";

    if ((options.install || options.noInstall || options.uiPortGiven) && ! options.startProject)
        return "--install, --no-install and --ui-port go with start (e.g. wavecraft-host start --install)";

    if (options.install && options.noInstall)
        return "--install and --no-install can't be combined: one says to install the UI's dependencies when they are missing, the other never to";

    if (options.startProject && (options.pluginGiven || options.isRender() || options.validate || watching))
        return "start builds and plays the project's own engine: --plugin, --render, --validate and --watch don't go with it";

    if (options.startProject && options.projectFolder != juce::File() && ! options.projectFolder.isDirectory())
        return "start " + options.projectFolder.getFullPathName() + ": no such folder";

    if (watching && ! options.watchFolder.isDirectory())
        return "--watch " + options.watchFolder.getFullPathName() + " is not a folder";

    return {};
}
} // namespace

bool CommandLineOptions::parse (const juce::StringArray& arguments, CommandLineOptions& options, juce::String& error)
{
    auto rest = arguments;

    if (rest[0] == "start")
    {
        options.startProject = true;
        rest.remove (0);
    }

    ArgumentCursor cursor (rest);

    while (cursor.next())
        if (error = takeArgument (cursor, options); error.isNotEmpty())
            return false;

    error = checkCombination (options);
    return error.isEmpty();
}

juce::String CommandLineOptions::getHelpText()
{
    constexpr int helpColumn = 28; // three spaces at least after the longest (--render IN.wav OUT.wav)
    juce::String text = "usage: wavecraft-host [options]\n       wavecraft-host start [FOLDER] [options]\n\n"
                        "Loads a Wavecraft dev-ABI plugin library and runs it. start runs a Wavecraft\n"
                        "project (made by wavecraft create): builds its engine, runs its UI's dev server,\n"
                        "and swaps in each rebuild's audio.\n\n";

    for (const auto& option : optionTable)
    {
        auto usage = "  " + juce::String (option.name) + (juce::String (option.values).isEmpty() ? "" : " " + juce::String (option.values));
        usage = usage.length() <= helpColumn - 3 ? usage.paddedRight (' ', helpColumn) : usage + "\n" + juce::String::repeatedString (" ", helpColumn);
        text << usage << juce::String (option.help).replace ("\n", "\n" + juce::String::repeatedString (" ", helpColumn)) << "\n";
    }

    return text + "\nExit codes: 0 clean exit, 2 bad usage or an unusable plugin/file for --render,\n3 the port is taken; --validate: 0 no check failed, 1 one did, 2 bad usage.\n";
}
