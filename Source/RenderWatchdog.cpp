#include "RenderWatchdog.h"
#include "StandardErrorLog.h"

#include <csignal>
#include <unistd.h>

std::atomic<bool> RenderWatchdog::stopRequested { false };

namespace
{
std::atomic<int> stopSignal { 0 };

void requestStop (int signal)
{
    stopSignal = signal;
    RenderWatchdog::stopRequested = true;
}

constexpr int crashSignals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/** What a crash handler writes, made before any crash: a handler may only
    call write(), unlink() and _exit(), and may not allocate.
*/
struct CrashWords
{
    std::string start;                             // "wavecraft-host: libmine.so crashed with "
    std::string signals[std::size (crashSignals)]; // "SIGSEGV (a bad memory access)", ...
    std::string end;                               // "; out.wav was not written\n"
    std::string partialFile;
    const std::atomic<juce::int64>* framesDone = nullptr;
};

CrashWords crashWords;
std::atomic<bool> guarding { false };
alignas (16) char alternateStack[1 << 16]; // a plugin that overflows its stack still gets its line

void writeAll (const char* text, size_t length)
{
    while (length > 0)
    {
        const auto written = ::write (STDERR_FILENO, text, length);

        if (written <= 0)
            return;

        text += written;
        length -= (size_t) written;
    }
}

void writeAll (const std::string& text)
{
    writeAll (text.data(), text.size());
}

/** A number without printf, which is not async-signal-safe. */
void writeNumber (juce::int64 value)
{
    char digits[24];
    size_t count = 0;

    do
    {
        digits[sizeof (digits) - 1 - count++] = (char) ('0' + value % 10);
        value /= 10;
    } while (value > 0 && count < sizeof (digits));

    writeAll (digits + sizeof (digits) - count, count);
}
} // namespace

RenderWatchdog::RenderWatchdog (const juce::String& name, const juce::File& outputFile)
    : output (outputFile),
      pluginName (name)
{
    // First, so a signal during the plugin's load is a clean stop too.
    std::signal (SIGINT, requestStop);
    std::signal (SIGTERM, requestStop);
    installCrashHandlers();
    thread = std::thread ([this]
                          { watch(); });
}

RenderWatchdog::~RenderWatchdog()
{
    guarding = false;

    for (const auto signal : crashSignals)
        std::signal (signal, SIG_DFL);

    finished = true;
    thread.join();
}

const char* RenderWatchdog::nameOfStopSignal()
{
    return stopSignal == SIGINT ? "SIGINT" : "SIGTERM";
}

void RenderWatchdog::installCrashHandlers()
{
    crashWords.start = ("wavecraft-host: " + pluginName + " crashed with ").toStdString();
    crashWords.end = ("; " + output.getFullPathName() + " was not written\n").toStdString();
    crashWords.partialFile = wavecraft::OfflineRenderer::getPartialFile (output).getFullPathName().toStdString();
    crashWords.framesDone = &framesDone;

    for (size_t i = 0; i < std::size (crashSignals); ++i)
        crashWords.signals[i] = wavecraft::PluginFault::describeSignal (crashSignals[i]).toStdString();

    stack_t stack {};
    stack.ss_sp = alternateStack;
    stack.ss_size = sizeof (alternateStack);
    ::sigaltstack (&stack, nullptr);

    struct sigaction action
    {};
    action.sa_handler = onCrash;
    action.sa_flags = (int) (SA_ONSTACK | SA_RESETHAND); // a second fault in here ends the process as the signal would
    sigemptyset (&action.sa_mask);

    for (const auto signal : crashSignals)
        ::sigaction (signal, &action, nullptr);

    guarding = true;
}

void RenderWatchdog::onCrash (int signal)
{
    if (! guarding)
    {
        ::raise (signal); // SA_RESETHAND restored the default
        return;
    }

    writeAll (crashWords.start);

    for (size_t i = 0; i < std::size (crashSignals); ++i)
        if (crashSignals[i] == signal)
            writeAll (crashWords.signals[i]);

    const auto frames = crashWords.framesDone->load();

    if (frames < 0)
    {
        writeAll (std::string_view (" while loading").data(), 14);
    }
    else
    {
        constexpr std::string_view where = " in the block at frame ";
        writeAll (where.data(), where.size());
        writeNumber (frames);
    }

    writeAll (crashWords.end);
    ::unlink (crashWords.partialFile.c_str());
    ::_exit (2);
}

void RenderWatchdog::watch()
{
    double stopRequestedAt = 0.0, lastProgressAt = juce::Time::getMillisecondCounterHiRes();
    auto lastFrames = framesDone.load();
    const auto notWritten = "; " + output.getFullPathName() + " was not written";

    while (! finished)
    {
        const auto now = juce::Time::getMillisecondCounterHiRes();

        if (stopRequested && stopRequestedAt == 0.0)
            stopRequestedAt = now;

        // The renderer sees a stop only between blocks: one stuck in a block
        // would keep the process past the 2 s SIGINT and SIGTERM allow.
        if (stopRequestedAt > 0.0 && now - stopRequestedAt > 1000.0)
        {
            wavecraft::OfflineRenderer::getPartialFile (output).deleteFile();
            StandardErrorLog::writeLine (juce::String ("render interrupted by ") + nameOfStopSignal() + " (the plugin did not return within 1 s)" + notWritten);
            std::_Exit (0);
        }

        if (const auto frames = framesDone.load(); frames != lastFrames)
        {
            lastFrames = frames;
            lastProgressAt = now;
        }
        else if (stopRequestedAt == 0.0 && now - lastProgressAt > hangSeconds * 1000.0)
        {
            wavecraft::OfflineRenderer::getPartialFile (output).deleteFile();
            StandardErrorLog::writeLine ((frames < 0 ? pluginName + " did not finish loading" : "process() in " + pluginName + " did not return")
                                         + " within " + juce::String (hangSeconds, 1) + " s" + (frames < 0 ? juce::String() : ", in the block at frame " + juce::String (frames))
                                         + ": it hangs (an endless loop, or a wait that never ends)" + notWritten);
            std::_Exit (2);
        }

        std::this_thread::sleep_for (std::chrono::milliseconds (10));
    }
}
